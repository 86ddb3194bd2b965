// A vision board (SPEC §3.5): a snapshot, taken when it is built, of the products that fit a
// user's strongest interests, one section per interest, or of the store's best sellers ("Popular
// now") when no interest fits anything. Later catalogue changes leave it as it was.
import type { Product } from '../catalog/product';
import type { Actor } from '../identity/actor';
import { isAtLeast } from '../identity/role';
import { INTEREST_SOURCES, type Interest } from '../interests/interest';
import type { Money } from '../shared/money';
import { interestKey } from './product-fit';

export const DEFAULT_SECTIONS = 6;
export const MAX_SECTIONS = 6;
export const DEFAULT_PRODUCTS_PER_SECTION = 6;
export const MAX_PRODUCTS_PER_SECTION = 12;
export const BOARD_TITLE_MAX = 120;
export const POPULAR_HEADING = 'Popular now';

/** Where a section comes from: an interest (explicit or inferred), or the store's best sellers. */
export const SECTION_SOURCES = [...INTEREST_SOURCES, 'popular'] as const;
export type SectionSource = (typeof SECTION_SOURCES)[number];

/** A product as it stood when the board was built. */
export interface BoardProduct {
  readonly productId: string;
  readonly name: string;
  readonly brand: string | null;
  readonly price: Money;
  readonly imageUrl: string | null;
}

export interface VisionBoardSection {
  /** What a person reads above the section, e.g. `Lamps`, `Teal color`. */
  readonly heading: string;
  readonly dimension: string;
  readonly value: string;
  /** The interest's weight when the board was built (inferred ones decayed), 4 decimals; 0 for `popular`. */
  readonly weight: number;
  readonly source: SectionSource;
  readonly products: readonly BoardProduct[];
}

export interface VisionBoard {
  readonly id: string;
  readonly companyId: string;
  /** Whose interests it shows. */
  readonly userId: string;
  readonly title: string;
  /** Strongest interest first; never empty, and no product appears in two sections. */
  readonly sections: readonly VisionBoardSection[];
  readonly createdAt: Date;
}

export interface BoardLimits {
  readonly sections: number;
  readonly productsPerSection: number;
}

/** The products that fit one interest, best first (they may repeat other interests' products). */
export interface InterestCandidates {
  readonly interest: Interest;
  readonly products: readonly Product[];
}

/** What a board may show: active products somebody can buy now. */
export const isShowable = (product: Product): boolean => product.status === 'active' && product.stock > 0;

/**
 * The interests worth a section, strongest first: a weight of 0 says "not interested", and an
 * interest held twice (explicit and inferred, or in another case) counts once, at its strongest.
 * `interests` must already be strongest first.
 */
export function boardInterests(interests: readonly Interest[], max: number): Interest[] {
  const seen = new Set<string>();
  const chosen: Interest[] = [];
  for (const interest of interests) {
    if (chosen.length >= max) break;
    const key = interestKey(interest.dimension, interest.value);
    if (!(interest.weight > 0) || !interest.value.trim() || seen.has(key)) continue;
    seen.add(key);
    chosen.push(interest);
  }
  return chosen;
}

/**
 * One section per interest in the order given, each with up to `productsPerSection` showable
 * products not already shown in an earlier section; interests left with nothing are skipped, and
 * at most `sections` sections are made.
 */
export function chooseSections(candidates: readonly InterestCandidates[], limits: BoardLimits): VisionBoardSection[] {
  const shown = new Set<string>();
  const sections: VisionBoardSection[] = [];
  for (const { interest, products } of candidates) {
    if (sections.length >= limits.sections) break;
    const picked: BoardProduct[] = [];
    for (const product of products) {
      if (picked.length >= limits.productsPerSection) break;
      if (shown.has(product.id) || !isShowable(product)) continue;
      shown.add(product.id);
      picked.push(boardProduct(product));
    }
    if (picked.length === 0) continue;
    sections.push({
      heading: sectionHeading(interest.dimension, interest.value),
      dimension: interest.dimension,
      value: interest.value.trim(),
      weight: Math.round(interest.weight * 10_000) / 10_000,
      source: interest.source,
      products: picked,
    });
  }
  return sections;
}

/**
 * The one section of a board for a user none of whose interests fits anything (or who has
 * none yet): the store's best sellers, as recommendations fall back to; null when none is showable.
 */
export function popularSection(bestSellers: readonly Product[], limits: BoardLimits): VisionBoardSection | null {
  const picked = bestSellers.filter(isShowable).slice(0, limits.productsPerSection).map(boardProduct);
  if (picked.length === 0) return null;
  return { heading: POPULAR_HEADING, dimension: 'popular', value: '', weight: 0, source: 'popular', products: picked };
}

export const boardProduct = (product: Product): BoardProduct => ({
  productId: product.id,
  name: product.name,
  brand: product.brand,
  price: { amountCents: product.price.amountCents, currency: product.price.currency },
  imageUrl: product.imageUrl,
});

const capitalised = (text: string): string => text.charAt(0).toLocaleUpperCase('en') + text.slice(1);

/** `Lamps` for a category or `lamps`, the brand as written, `Minimal` for a tag, `Teal color` for an attribute. */
export function sectionHeading(dimension: string, value: string): string {
  const v = value.trim();
  switch (dimension) {
    case 'category':
      return capitalised(v);
    case 'brand':
      return v;
    case 'tag':
      // Tags are stored lower-cased, whatever case the interest was written in.
      return capitalised(v.toLowerCase());
    default:
      return `${capitalised(v)} ${dimension}`;
  }
}

/** The title a board gets unless its maker names it. */
export function boardTitle(displayName: string, custom?: string): string {
  const title = custom?.trim() || `Vision board for ${displayName.trim() || 'you'}`;
  return Array.from(title).slice(0, BOARD_TITLE_MAX).join('');
}

/** The user the board shows and staff+ of the company see it; to anyone else it does not exist. */
export const canSeeBoard = (board: VisionBoard, actor: Actor): boolean =>
  board.companyId === actor.companyId && (board.userId === actor.userId || isAtLeast(actor.role, 'staff'));

export const clampLimits = (sections = DEFAULT_SECTIONS, productsPerSection = DEFAULT_PRODUCTS_PER_SECTION): BoardLimits => ({
  sections: Math.min(MAX_SECTIONS, Math.max(1, Math.trunc(sections))),
  productsPerSection: Math.min(MAX_PRODUCTS_PER_SECTION, Math.max(1, Math.trunc(productsPerSection))),
});
