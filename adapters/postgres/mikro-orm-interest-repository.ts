// PLACEHOLDER: replaced by the real adapter.
export class MikroOrmInterestRepository {
  constructor(readonly _store: unknown) {}
}
