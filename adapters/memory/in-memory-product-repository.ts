// PLACEHOLDER: replaced by the real adapter.
export class InMemoryProductRepository {
  constructor(readonly _store: unknown) {}
}
