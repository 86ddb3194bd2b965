// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmOrderRepository {
  constructor(readonly _store: unknown) {}
}
