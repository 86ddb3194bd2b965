import type { WatchlistRepository } from '../../application/ports/watchlist-repository';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import { byCodePoint } from '../../domain/shared/code-point-order';
import type { Money } from '../../domain/shared/money';
import { keysetSlice, type KeyOrder, type Page, type PageRequest } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';

const NEWEST: KeyOrder<WatchlistItem> = { columns: [['time', 'desc'], ['string', 'asc']], keyOf: (i) => [i.addedAt.getTime(), i.productId] };

export class InMemoryWatchlistRepository implements WatchlistRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<WatchlistItem>('watchlist');
  }

  async forUser(companyId: string, userId: string): Promise<readonly WatchlistItem[]> {
    return (await this.list(companyId, userId, { limit: Number.MAX_SAFE_INTEGER })).items;
  }

  async list(companyId: string, userId: string, page: PageRequest): Promise<Page<WatchlistItem>> {
    const items = [...this.rows.values()].filter((i) => i.companyId === companyId && i.userId === userId);
    return keysetSlice(items, page, NEWEST);
  }

  async watchersOf(companyId: string, productId: string): Promise<readonly WatchlistItem[]> {
    return [...this.rows.values()].filter((i) => i.companyId === companyId && i.productId === productId).sort((a, b) => byCodePoint(a.userId, b.userId));
  }

  async save(item: WatchlistItem): Promise<void> {
    this.rows.set(entryKey(item.companyId, item.userId, item.productId), item);
  }

  async remove(companyId: string, userId: string, productId: string): Promise<boolean> {
    return this.rows.delete(entryKey(companyId, userId, productId));
  }

  async setReference(companyId: string, userId: string, productId: string, reference: Money): Promise<void> {
    const key = entryKey(companyId, userId, productId);
    const item = this.rows.get(key);
    if (item) this.rows.set(key, { ...item, referencePrice: { amountCents: reference.amountCents, currency: reference.currency } });
  }
}

/**
 * One key per (company, user, product). Ids are any text, so parts joined by a separator could
 * collide (`u` + `a/b` and `u/a` + `b`); a JSON array cannot.
 */
const entryKey = (companyId: string, userId: string, productId: string): string => JSON.stringify([companyId, userId, productId]);
