// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmApiKeyRepository {
  constructor(readonly _store: unknown) {}
}
