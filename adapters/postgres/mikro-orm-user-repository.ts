// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmUserRepository {
  constructor(readonly _store: unknown) {}
}
