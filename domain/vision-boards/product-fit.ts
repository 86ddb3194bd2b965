// Which products fit an interest (SPEC §3.5 vision boards): a category by name (its
// subcategories too), a brand, a tag, or any other dimension as a product attribute.
import type { Category } from '../catalog/category';
import type { Product } from '../catalog/product';
import type { Interest } from '../interests/interest';
import { traitKey } from '../recommendations/product-traits';
import { byCodePoint } from '../shared/code-point-order';

/** How to look for the products that fit one interest. */
export type FitLookup =
  | { readonly kind: 'category'; readonly name: string }
  | { readonly kind: 'brand'; readonly brand: string }
  | { readonly kind: 'tag'; readonly tag: string }
  /** `attributes[key]` equal to `value` (case-insensitive); text search on the value when nothing has it. */
  | { readonly kind: 'attribute'; readonly key: string; readonly value: string };

/** One key per (dimension, value), values compared case-insensitively, as product traits are. */
export const interestKey = (dimension: string, value: string): string => traitKey(dimension.trim().toLowerCase(), value);

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function fitLookup(interest: Pick<Interest, 'dimension' | 'value'>): FitLookup {
  const value = interest.value.trim();
  const dimension = interest.dimension.trim().toLowerCase();
  switch (dimension) {
    case 'category':
      return { kind: 'category', name: value };
    case 'brand':
      return { kind: 'brand', brand: value };
    case 'tag':
      // Tags are stored lower-cased.
      return { kind: 'tag', tag: value.toLowerCase() };
    default:
      return { kind: 'attribute', key: dimension, value };
  }
}

/** Attribute keys and values both compare trimmed and case-insensitively. */
export function hasAttribute(product: Pick<Product, 'attributes'>, key: string, value: string): boolean {
  return Object.entries(product.attributes).some(([k, v]) => same(k, key) && same(v, value));
}

/**
 * The ids of the categories named `name` (case-insensitively) followed by every category below
 * them, breadth first: someone who likes Shoes likes what sits under Shoes › Sneakers too.
 */
export function categoriesNamed(categories: readonly Category[], name: string): string[] {
  const children = new Map<string | null, Category[]>();
  for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  // Code-unit order, not the locale's: the same board on every machine.
  const byName = (a: Category, b: Category) => byCodePoint(a.name.toLowerCase(), b.name.toLowerCase()) || byCodePoint(a.id, b.id);
  const queue = categories.filter((c) => same(c.name, name)).sort(byName);
  const found = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const category = queue[i];
    if (!category || found.has(category.id)) continue;
    found.add(category.id);
    queue.push(...[...(children.get(category.id) ?? [])].sort(byName));
  }
  return [...found];
}

/** Takes one from each list in turn (a, b, c, a, b, c, …), dropping repeats, so every list shows. */
export function interleave<T extends { readonly id: string }>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const item = list[i];
      if (item && !seen.has(item.id)) {
        seen.add(item.id);
        out.push(item);
      }
    }
  }
  return out;
}
