// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmProductRepository {
  constructor(readonly _store: unknown) {}
}
