// PLACEHOLDER: replaced by the real adapter.
export class InMemoryOrderRepository {
  constructor(readonly _store: unknown) {}
}
