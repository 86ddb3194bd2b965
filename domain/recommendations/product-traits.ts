// How a product meets interests (SPEC §3.5): its category name, brand, each tag and each
// attribute become traits with the same (dimension, value) shape as a user's interests.

export interface ProductTraitSource {
  readonly brand: string | null;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
}

export interface ProductTrait {
  readonly dimension: string;
  readonly value: string;
}

/** Traits are matched case-insensitively on the value; one per (dimension, lower-cased value). */
export const traitKey = (dimension: string, value: string): string => `${dimension}\u0000${value.trim().toLowerCase()}`;

export function productTraits(product: ProductTraitSource, categoryName: string | null): ProductTrait[] {
  const candidates: ProductTrait[] = [];
  if (categoryName) candidates.push({ dimension: 'category', value: categoryName });
  if (product.brand) candidates.push({ dimension: 'brand', value: product.brand });
  for (const tag of product.tags) candidates.push({ dimension: 'tag', value: tag });
  for (const [key, value] of Object.entries(product.attributes)) candidates.push({ dimension: key.trim().toLowerCase(), value });
  const seen = new Set<string>();
  const traits: ProductTrait[] = [];
  for (const trait of candidates) {
    const value = trait.value.trim();
    if (!trait.dimension || !value) continue;
    const key = traitKey(trait.dimension, value);
    if (seen.has(key)) continue;
    seen.add(key);
    traits.push({ dimension: trait.dimension, value });
  }
  return traits;
}
