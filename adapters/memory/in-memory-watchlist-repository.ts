// PLACEHOLDER: replaced by the real adapter.
export class InMemoryWatchlistRepository {
  constructor(readonly _store: unknown) {}
}
