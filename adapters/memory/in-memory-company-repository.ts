// PLACEHOLDER: replaced by the real adapter.
export class InMemoryCompanyRepository {
  constructor(readonly _store: unknown) {}
}
