// PLACEHOLDER: replaced by the real adapter.
export class InMemoryUserRepository {
  constructor(readonly _store: unknown) {}
}
