import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import type { Page, PageRequest } from '../../domain/shared/page';

export interface WatchlistRepository {
  /** The user's watched products, newest first. */
  forUser(companyId: string, userId: string): Promise<readonly WatchlistItem[]>;
  /** A page of the user's watched products, newest first (ties: by product id); InvalidCursor for a cursor not of this list. */
  list(companyId: string, userId: string, page: PageRequest): Promise<Page<WatchlistItem>>;
  /** Adds or updates the entry for (user, product). */
  save(item: WatchlistItem): Promise<void>;
  /** Removes it; returns false when there was nothing to remove. */
  remove(companyId: string, userId: string, productId: string): Promise<boolean>;
}
