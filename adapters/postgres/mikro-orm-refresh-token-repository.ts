// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmRefreshTokenRepository {
  constructor(readonly _store: unknown) {}
}
