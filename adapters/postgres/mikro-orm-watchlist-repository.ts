import type { EntityManager } from '@mikro-orm/postgresql';
import type { WatchlistRepository } from '../../application/ports/watchlist-repository';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, type TimeIdOrder } from './keyset';
import { WatchlistSchema, type WatchlistRow } from './schemas/watchlist-schema';

const LATEST_ADDED_FIRST: TimeIdOrder<WatchlistRow> = { time: 'addedAt', id: 'productId', directions: ['desc', 'asc'] };

export class MikroOrmWatchlistRepository implements WatchlistRepository {
  constructor(private readonly em: EntityManager) {}

  async forUser(companyId: string, userId: string): Promise<readonly WatchlistItem[]> {
    const rows = await this.em.find(WatchlistSchema, { companyId, userId }, { orderBy: { addedAt: 'desc', productId: 'asc' } });
    return rows.map(toItem);
  }

  async list(companyId: string, userId: string, page: PageRequest): Promise<Page<WatchlistItem>> {
    return mapPage(await findTimeIdPage(this.em, WatchlistSchema, { companyId, userId }, LATEST_ADDED_FIRST, page), toItem);
  }

  async save(item: WatchlistItem): Promise<void> {
    await this.em.upsert(WatchlistSchema, {
      companyId: item.companyId,
      userId: item.userId,
      productId: item.productId,
      targetCents: item.targetPrice?.amountCents ?? null,
      targetCurrency: item.targetPrice?.currency ?? null,
      addedAt: item.addedAt,
    });
  }

  async remove(companyId: string, userId: string, productId: string): Promise<boolean> {
    return (await this.em.nativeDelete(WatchlistSchema, { companyId, userId, productId })) > 0;
  }
}

const toItem = (row: WatchlistRow): WatchlistItem => ({
  companyId: row.companyId,
  userId: row.userId,
  productId: row.productId,
  targetPrice: row.targetCents !== null && row.targetCurrency ? { amountCents: row.targetCents, currency: row.targetCurrency } : null,
  addedAt: row.addedAt,
});
