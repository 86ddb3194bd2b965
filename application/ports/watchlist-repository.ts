import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import type { Money } from '../../domain/shared/money';
import type { Page, PageRequest } from '../../domain/shared/page';

export interface WatchlistRepository {
  /** The user's watched products, newest first. */
  forUser(companyId: string, userId: string): Promise<readonly WatchlistItem[]>;
  /** A page of the user's watched products, newest first (ties: by product id); InvalidCursor for a cursor not of this list. */
  list(companyId: string, userId: string, page: PageRequest): Promise<Page<WatchlistItem>>;
  /** Every user's entry for one product, by user id (code point order); none when nobody watches it. */
  watchersOf(companyId: string, productId: string): Promise<readonly WatchlistItem[]>;
  /** Adds or updates the entry for (user, product), its reference price included. */
  save(item: WatchlistItem): Promise<void>;
  /** Removes it; returns false when there was nothing to remove. */
  remove(companyId: string, userId: string, productId: string): Promise<boolean>;
  /** Sets the entry's reference price (its other fields stay); does nothing when the user does not watch the product. */
  setReference(companyId: string, userId: string, productId: string, reference: Money): Promise<void>;
}
