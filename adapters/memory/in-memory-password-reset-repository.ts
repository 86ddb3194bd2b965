// PLACEHOLDER: replaced by the real adapter.
export class InMemoryPasswordResetRepository {
  constructor(readonly _store: unknown) {}
}
