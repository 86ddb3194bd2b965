// PLACEHOLDER: replaced by the real adapter.
export class InMemoryRefreshTokenRepository {
  constructor(readonly _store: unknown) {}
}
