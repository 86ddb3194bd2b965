// PLACEHOLDER: replaced by the real adapter.
export class InMemoryInterestRepository {
  constructor(readonly _store: unknown) {}
}
