import type { Money } from '../shared/money';

export interface WatchlistItem {
  readonly companyId: string;
  readonly userId: string;
  readonly productId: string;
  readonly targetPrice: Money | null;
  readonly addedAt: Date;
  /**
   * What a watch without a target compares a new price with (SPEC §3.8): the price when the item
   * was added, or when it last fired. Null for items stored before references were kept.
   */
  readonly referencePrice: Money | null;
}
