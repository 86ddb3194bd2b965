import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { OrderFilter, OrderRepository, PurchaseCount, PurchaseTotal } from '../../application/ports/order-repository';
import type { Order } from '../../domain/orders/order';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, keysetPage, type TimeIdOrder } from './keyset';
import { OrderLineSchema, OrderSchema, type OrderLineRow, type OrderRow } from './schemas/order-schema';

const LATEST_PLACED_FIRST: TimeIdOrder<OrderRow> = { time: 'placedAt', id: 'id', directions: ['desc', 'desc'] };

export class MikroOrmOrderRepository implements OrderRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(companyId: string, id: string): Promise<Order | null> {
    const row = await this.em.findOne(OrderSchema, { companyId, id });
    return row ? (await this.withLines([row]))[0] ?? null : null;
  }

  async lockById(companyId: string, id: string): Promise<Order | null> {
    const locked = await this.em.execute<{ id: string }[]>('select id from orders where company_id = ? and id = ? for update', [companyId, id]);
    if (locked.length === 0) return null;
    // Re-read past the identity map: the row may have changed while we waited for the lock.
    const row = await this.em.findOne(OrderSchema, { companyId, id }, { disableIdentityMap: true });
    return row ? (await this.withLines([row]))[0] ?? null : null;
  }

  async list(filter: OrderFilter): Promise<Page<Order>> {
    const where: FilterQuery<OrderRow> = {
      companyId: filter.companyId,
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const page = await findTimeIdPage(this.em, OrderSchema, where, LATEST_PLACED_FIRST, filter.page);
    const orders = await this.withLines(page.items);
    return mapPage({ items: orders, nextCursor: page.nextCursor }, (o) => o);
  }

  async save(order: Order): Promise<void> {
    await this.em.upsert(OrderSchema, {
      id: order.id,
      companyId: order.companyId,
      userId: order.userId,
      status: order.status,
      totalCents: order.total.amountCents,
      currency: order.total.currency,
      placedAt: order.placedAt,
      history: order.history.map((h) => ({ status: h.status, at: h.at.toISOString() })),
    });
    // Lines never change after placement; only a new order writes them.
    if ((await this.em.count(OrderLineSchema, { orderId: order.id })) === 0) {
      await this.em.insertMany(
        OrderLineSchema,
        order.items.map((line, position) => ({
          orderId: order.id,
          productId: line.productId,
          companyId: order.companyId,
          position,
          quantity: line.quantity,
          unitPriceCents: line.unitPrice.amountCents,
          currency: line.unitPrice.currency,
        })),
      );
    }
  }

  async topPurchasedSince(companyId: string, since: Date, page: PageRequest): Promise<Page<PurchaseCount>> {
    return keysetPage(
      page,
      ['integer', 'string'],
      async (after, limit) => {
        const having = after ? 'having sum(l.quantity) < ? or (sum(l.quantity) = ? and l.product_id > ?)' : '';
        const rows = await this.em.execute<{ product_id: string; units: string | number }[]>(
          `select l.product_id, sum(l.quantity) as units
             from order_lines l join orders o on o.id = l.order_id
            where o.company_id = ? and o.status in ('paid', 'shipped', 'delivered') and o.placed_at >= ?
            group by l.product_id ${having} order by units desc, l.product_id asc limit ?`,
          [companyId, since, ...(after ? [after[0], after[0], after[1]] : []), limit],
        );
        return rows.map((r) => ({ productId: r.product_id, units: Number(r.units) }));
      },
      (c) => [c.units, c.productId],
    );
  }

  async purchasesOf(companyId: string, userId: string, productIds?: readonly string[]): Promise<readonly PurchaseTotal[]> {
    if (productIds?.length === 0) return [];
    const among = productIds ? 'and l.product_id in (?)' : '';
    const rows = await this.em.execute<TotalRow[]>(
      `${TOTALS} where o.company_id = ? and o.user_id = ? and o.status in ${PURCHASED} ${among}
        group by o.user_id, l.product_id order by l.product_id`,
      productIds ? [companyId, userId, [...productIds]] : [companyId, userId],
    );
    return rows.map(toTotal);
  }

  async scanPurchases(
    companyId: string,
    after: { readonly userId: string; readonly productId: string } | null,
    limit: number,
  ): Promise<readonly PurchaseTotal[]> {
    // The window is a run of users read off the (company, user) index, so a page costs its own
    // rows, not the company's; limit + 1 users always hold `limit` totals when that many remain.
    const rows = await this.em.execute<TotalRow[]>(
      `with window_users as (
         select distinct user_id from orders w
          where company_id = ? and user_id >= ? and status in ${PURCHASED}
            and exists (select 1 from order_lines wl where wl.order_id = w.id)
          order by user_id limit ?)
       ${TOTALS} where o.company_id = ? and o.user_id in (select user_id from window_users) and o.status in ${PURCHASED}
        group by o.user_id, l.product_id
       having (o.user_id, l.product_id) > (?, ?)
        order by o.user_id, l.product_id limit ?`,
      [companyId, after?.userId ?? '', limit + 1, companyId, after?.userId ?? '', after?.productId ?? '', limit],
    );
    return rows.map(toTotal);
  }

  private async withLines(rows: readonly OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const lines = await this.em.find(OrderLineSchema, { orderId: { $in: rows.map((r) => r.id) } }, { orderBy: { position: 'asc' } });
    const byOrder = new Map<string, OrderLineRow[]>();
    for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
    return rows.map((row) => toOrder(row, byOrder.get(row.id) ?? []));
  }
}

const toOrder = (row: OrderRow, lines: readonly OrderLineRow[]): Order => ({
  id: row.id,
  companyId: row.companyId,
  userId: row.userId,
  items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: { amountCents: l.unitPriceCents, currency: l.currency } })),
  total: { amountCents: Number(row.totalCents), currency: row.currency },
  status: row.status,
  placedAt: row.placedAt,
  history: row.history.map((h) => ({ status: h.status, at: new Date(h.at) })),
});

const PURCHASED = `('paid', 'shipped', 'delivered')`;

const TOTALS = `select o.user_id, l.product_id, sum(l.quantity) as units, max(o.placed_at) as last_at
  from orders o join order_lines l on l.order_id = o.id`;

interface TotalRow {
  user_id: string;
  product_id: string;
  units: string | number;
  last_at: Date | string;
}

const toTotal = (row: TotalRow): PurchaseTotal => ({
  userId: row.user_id,
  productId: row.product_id,
  units: Number(row.units),
  lastAt: new Date(row.last_at),
});
