import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { PriceHistoryRepository } from '../../application/ports/price-history-repository';
import type { PricePoint } from '../../domain/catalog/price-point';
import { PricePointSchema, type PricePointRow } from './schemas/price-point-schema';

export class MikroOrmPriceHistoryRepository implements PriceHistoryRepository {
  constructor(private readonly em: EntityManager) {}

  async add(...points: PricePoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.em.insertMany(
      PricePointSchema,
      points.map((p) => ({ id: p.id, companyId: p.companyId, productId: p.productId, amountCents: p.price.amountCents, currency: p.price.currency, at: p.at })),
    );
  }

  async forProduct(companyId: string, productId: string, from?: Date, to?: Date): Promise<readonly PricePoint[]> {
    const at = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
    const where: FilterQuery<PricePointRow> = { companyId, productId, ...(from || to ? { at } : {}) };
    return (await this.em.find(PricePointSchema, where, { orderBy: { at: 'asc', id: 'asc' } })).map(toPoint);
  }

  async since(companyId: string, since: Date): Promise<readonly PricePoint[]> {
    return (await this.em.find(PricePointSchema, { companyId, at: { $gte: since } }, { orderBy: { at: 'asc', id: 'asc' } })).map(toPoint);
  }
}

const toPoint = (row: PricePointRow): PricePoint => ({
  id: row.id,
  companyId: row.companyId,
  productId: row.productId,
  price: { amountCents: row.amountCents, currency: row.currency },
  at: row.at,
});
