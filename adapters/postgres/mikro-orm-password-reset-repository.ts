// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmPasswordResetRepository {
  constructor(readonly _store: unknown) {}
}
