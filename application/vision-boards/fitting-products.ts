// Finds, for each interest, the products that fit it (domain/vision-boards/product-fit.ts)
// through the catalogue's own queries: category, brand and tag filters, a scan for attributes
// (search does not index them), and text search when nothing carries the attribute.
import type { Category } from '../../domain/catalog/category';
import type { Product } from '../../domain/catalog/product';
import { searchQuery } from '../../domain/catalog/product-rules';
import type { Interest } from '../../domain/interests/interest';
import { categoriesNamed, fitLookup, hasAttribute, interleave } from '../../domain/vision-boards/product-fit';
import { isShowable, type InterestCandidates } from '../../domain/vision-boards/vision-board';
import type { ProductSearch, ProductSort } from '../ports/product-repository';
import type { Repositories } from '../ports/unit-of-work';

/** Subcategories searched per category interest, at most. */
const MAX_CATEGORIES = 20;
/** Products read per page while scanning for attributes, and read in all, at most. */
const SCAN_PAGE = 500;
const SCAN_LIMIT = 10_000;

/**
 * For each interest, up to `perInterest` showable products that fit it, best first (most sold
 * for filters, most relevant for text search). Products may repeat across interests.
 */
export async function fittingProducts(
  repos: Repositories,
  companyId: string,
  interests: readonly Interest[],
  perInterest: number,
): Promise<InterestCandidates[]> {
  const search = async (filter: Partial<ProductSearch>, sort: ProductSort): Promise<readonly Product[]> =>
    (await repos.products.search({ companyId, statuses: ['active'], inStock: true, sort, page: { limit: perInterest }, ...filter })).items;
  const textSearch = async (text: string): Promise<readonly Product[]> => {
    const q = searchQuery(text);
    return q ? search({ q }, 'relevance') : [];
  };
  let categories: readonly Category[] | undefined;
  const attributeHits = await scanAttributes(repos, companyId, interests, perInterest);

  const candidates: InterestCandidates[] = [];
  for (const interest of interests) {
    const lookup = fitLookup(interest);
    let products: readonly Product[];
    switch (lookup.kind) {
      case 'category': {
        categories ??= await repos.categories.all(companyId);
        const ids = categoriesNamed(categories, lookup.name).slice(0, MAX_CATEGORIES);
        const perCategory: (readonly Product[])[] = [];
        for (const categoryId of ids) perCategory.push(await search({ categoryId }, 'popularity'));
        products = interleave(perCategory);
        break;
      }
      case 'brand':
        // The filter ignores case, so an interest written in another case finds its brand.
        products = await search({ brand: lookup.brand }, 'popularity');
        break;
      case 'tag':
        products = await search({ tag: lookup.tag }, 'popularity');
        break;
      case 'attribute': {
        const hits = attributeHits.get(interest) ?? [];
        products = hits.length > 0 ? hits : await textSearch(lookup.value);
        break;
      }
    }
    candidates.push({ interest, products: products.slice(0, perInterest) });
  }
  return candidates;
}

/** One walk through the catalogue for every attribute interest, stopped once each has enough. */
async function scanAttributes(
  repos: Repositories,
  companyId: string,
  interests: readonly Interest[],
  perInterest: number,
): Promise<Map<Interest, Product[]>> {
  const hits = new Map<Interest, Product[]>();
  const wanted = interests.flatMap((interest) => {
    const lookup = fitLookup(interest);
    return lookup.kind === 'attribute' ? [{ interest, lookup }] : [];
  });
  for (const { interest } of wanted) hits.set(interest, []);
  let after: string | null = null;
  for (let read = 0; wanted.length > 0 && read < SCAN_LIMIT; ) {
    const page = await repos.products.scan(companyId, after, SCAN_PAGE);
    for (const product of page) {
      if (!isShowable(product)) continue;
      for (const { interest, lookup } of wanted) {
        const list = hits.get(interest);
        if (list && list.length < perInterest && hasAttribute(product, lookup.key, lookup.value)) list.push(product);
      }
    }
    read += page.length;
    after = page.at(-1)?.id ?? null;
    const enough = wanted.every(({ interest }) => (hits.get(interest)?.length ?? 0) >= perInterest);
    if (page.length < SCAN_PAGE || enough) break;
  }
  return hits;
}
