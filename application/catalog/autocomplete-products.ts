import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';

export const AUTOCOMPLETE_LIMIT = 10;

export interface AutocompleteProductsInput {
  readonly actor: Actor;
  readonly q: string;
}
export type AutocompleteProductsOutput = readonly Pick<Product, 'id' | 'name'>[];

/** Up to 10 active product names by prefix or close spelling, for a search box (any role). */
export class AutocompleteProducts {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: AutocompleteProductsInput): Promise<Result<AutocompleteProductsOutput, never>> {
    const prefix = input.q.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!prefix) return ok([]);
    return ok(await this.uow.read((repos) => repos.products.autocomplete(input.actor.companyId, prefix, AUTOCOMPLETE_LIMIT)));
  }
}
