import type { WatchlistItem } from '../../domain/interests/watchlist-item';

export interface WatchlistRepository {
  /** The user's watched products, newest first. */
  forUser(companyId: string, userId: string): Promise<readonly WatchlistItem[]>;
  /** Adds or updates the entry for (user, product). */
  save(item: WatchlistItem): Promise<void>;
  /** Removes it; returns false when there was nothing to remove. */
  remove(companyId: string, userId: string, productId: string): Promise<boolean>;
}
