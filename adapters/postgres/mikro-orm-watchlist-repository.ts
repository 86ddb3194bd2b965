import type { EntityManager } from '@mikro-orm/postgresql';
import type { WatchlistRepository } from '../../application/ports/watchlist-repository';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import { byCodePoint } from '../../domain/shared/code-point-order';
import type { Money } from '../../domain/shared/money';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, type TimeIdOrder } from './keyset';
import { WatchlistSchema, type WatchlistRow } from './schemas/watchlist-schema';

const LATEST_ADDED_FIRST: TimeIdOrder<WatchlistRow> = { time: 'addedAt', id: 'productId', directions: ['desc', 'asc'] };

/**
 * Reads skip the identity map: `setReference` and `save` write natively, so an entity loaded
 * earlier in the transaction would hide their changes.
 */
export class MikroOrmWatchlistRepository implements WatchlistRepository {
  constructor(private readonly em: EntityManager) {}

  async forUser(companyId: string, userId: string): Promise<readonly WatchlistItem[]> {
    const rows = await this.em.find(WatchlistSchema, { companyId, userId }, { orderBy: { addedAt: 'desc', productId: 'asc' }, disableIdentityMap: true });
    return rows.map(toItem);
  }

  async list(companyId: string, userId: string, page: PageRequest): Promise<Page<WatchlistItem>> {
    return mapPage(await findTimeIdPage(this.em, WatchlistSchema, { companyId, userId }, LATEST_ADDED_FIRST, page, { disableIdentityMap: true }), toItem);
  }

  async watchersOf(companyId: string, productId: string): Promise<readonly WatchlistItem[]> {
    // Sorted here, by code point: the database's collation may order user ids otherwise.
    const rows = await this.em.find(WatchlistSchema, { companyId, productId }, { disableIdentityMap: true });
    return rows.map(toItem).sort((a, b) => byCodePoint(a.userId, b.userId));
  }

  async save(item: WatchlistItem): Promise<void> {
    await this.em.upsert(WatchlistSchema, {
      companyId: item.companyId,
      userId: item.userId,
      productId: item.productId,
      targetCents: item.targetPrice?.amountCents ?? null,
      targetCurrency: item.targetPrice?.currency ?? null,
      addedAt: item.addedAt,
      referenceCents: item.referencePrice?.amountCents ?? null,
      referenceCurrency: item.referencePrice?.currency ?? null,
    });
  }

  async remove(companyId: string, userId: string, productId: string): Promise<boolean> {
    return (await this.em.nativeDelete(WatchlistSchema, { companyId, userId, productId })) > 0;
  }

  async setReference(companyId: string, userId: string, productId: string, reference: Money): Promise<void> {
    await this.em.nativeUpdate(WatchlistSchema, { companyId, userId, productId }, { referenceCents: reference.amountCents, referenceCurrency: reference.currency });
  }
}

const toItem = (row: WatchlistRow): WatchlistItem => ({
  companyId: row.companyId,
  userId: row.userId,
  productId: row.productId,
  targetPrice: moneyOf(row.targetCents, row.targetCurrency),
  addedAt: row.addedAt,
  referencePrice: moneyOf(row.referenceCents, row.referenceCurrency),
});

const moneyOf = (cents: number | null, currency: string | null): Money | null => (cents !== null && currency ? { amountCents: cents, currency } : null);
