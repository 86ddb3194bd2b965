// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmWatchlistRepository {
  constructor(readonly _store: unknown) {}
}
