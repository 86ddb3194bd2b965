// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmCompanyRepository {
  constructor(readonly _store: unknown) {}
}
