// PLACEHOLDER: replaced by the real adapter.
export class InMemoryPriceHistoryRepository {
  constructor(readonly _store: unknown) {}
}
