// What the store alone says is popular, for when nothing better can be shown: recommendations
// while the graph does not answer, and a vision board no interest of the user fits.
import type { Product } from '../../domain/catalog/product';
import type { Repositories } from '../ports/unit-of-work';

/** Up to `limit` best sellers on offer (active, in stock), most sold first, leaving out `bought`. */
export async function storeBestSellers(
  repos: Repositories,
  companyId: string,
  limit: number,
  bought: ReadonlySet<string>,
): Promise<Product[]> {
  const page = await repos.products.search({
    companyId,
    statuses: ['active'],
    inStock: true,
    sort: 'popularity',
    page: { limit: Math.min(limit + bought.size, 500) },
  });
  return page.items.filter((p) => !bought.has(p.id)).slice(0, limit);
}
