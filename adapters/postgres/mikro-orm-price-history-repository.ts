import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { PriceHistoryRepository, TimeRange } from '../../application/ports/price-history-repository';
import type { PricePoint } from '../../domain/catalog/price-point';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, type TimeIdOrder } from './keyset';
import { PricePointSchema, type PricePointRow } from './schemas/price-point-schema';

const OLDEST_FIRST: TimeIdOrder<PricePointRow> = { time: 'at', id: 'id', directions: ['asc', 'asc'] };

export class MikroOrmPriceHistoryRepository implements PriceHistoryRepository {
  constructor(private readonly em: EntityManager) {}

  async add(...points: PricePoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.em.insertMany(
      PricePointSchema,
      points.map((p) => ({ id: p.id, companyId: p.companyId, productId: p.productId, amountCents: p.price.amountCents, currency: p.price.currency, at: p.at })),
    );
  }

  async forProduct(companyId: string, productId: string, { from, to }: TimeRange, page: PageRequest): Promise<Page<PricePoint>> {
    const at = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
    const where: FilterQuery<PricePointRow> = { companyId, productId, ...(from || to ? { at } : {}) };
    return mapPage(await findTimeIdPage(this.em, PricePointSchema, where, OLDEST_FIRST, page, { disableIdentityMap: true }), toPoint);
  }

  async since(companyId: string, since: Date): Promise<readonly PricePoint[]> {
    return this.find({ companyId, at: { $gte: since } });
  }

  async lastBefore(companyId: string, productIds: readonly string[], at: Date): Promise<readonly PricePoint[]> {
    const ids = [...new Set(productIds)];
    const rows: RawPoint[] = [];
    // Chunks keep the `in (...)` far below PostgreSQL's 65535 bind parameters.
    for (let i = 0; i < ids.length; i += 10_000) {
      rows.push(
        ...(await this.em.execute<RawPoint[]>(
          `select distinct on (product_id) id, company_id, product_id, amount_cents, currency, at from price_points
           where company_id = ? and product_id in (?) and at < ? order by product_id, at desc, id desc`,
          [companyId, ids.slice(i, i + 10_000), at],
        )),
      );
    }
    return rows.map((r) => ({
      id: r.id,
      companyId: r.company_id,
      productId: r.product_id,
      price: { amountCents: Number(r.amount_cents), currency: r.currency },
      at: new Date(r.at),
    }));
  }

  private async find(where: FilterQuery<PricePointRow>): Promise<PricePoint[]> {
    const rows = await this.em.find(PricePointSchema, where, { orderBy: { at: 'asc', id: 'asc' }, disableIdentityMap: true });
    return rows.map(toPoint);
  }
}

interface RawPoint {
  id: string;
  company_id: string;
  product_id: string;
  amount_cents: number;
  currency: string;
  at: Date | string;
}

const toPoint = (row: PricePointRow): PricePoint => ({
  id: row.id,
  companyId: row.companyId,
  productId: row.productId,
  price: { amountCents: row.amountCents, currency: row.currency },
  at: row.at,
});
