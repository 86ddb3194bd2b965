// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmPriceHistoryRepository {
  constructor(readonly _store: unknown) {}
}
