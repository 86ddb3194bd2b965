// PLACEHOLDER: replaced by the real adapter.
export class InMemoryApiKeyRepository {
  constructor(readonly _store: unknown) {}
}
