// OrderAnalytics over the `orders` and `order_lines` tables (PostgreSQL and PGlite): one statement
// per query, aggregated in the database, every value a bind parameter. Counted orders are found
// through orders_company_placed_idx (company_id, placed_at, id), their lines by the lines' key.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimeRange } from '../../application/ports/analytics-event-store';
import type { OrderAnalytics, OrderTotals, ProductSales } from '../../application/ports/analytics-queries';
import { COUNTED_ORDER_STATUSES } from '../../domain/analytics/analytics-definitions';
import type { Money } from '../../domain/shared/money';

/** The counted orders of a company in a range: bindings companyId, from, to, statuses. */
const COUNTED = `select id, user_id, currency, total_cents from orders where company_id = ? and placed_at >= ? and placed_at < ? and status in (?)`;

interface TotalsRow {
  currency: string;
  orders: string | number;
  cents: string | number;
  buyers: string | number;
}

/** Units and revenue of one product in one currency, over the counted orders' lines. */
interface SalesRow {
  product_id: string;
  currency: string;
  units: string | number;
  cents: string | number;
}

/** The ranking measure of `by`, a column of the per-product totals. */
const MEASURES = { units: 'units', revenue: 'cents' } as const;

/** Rows ordered by product (as ranked) then currency, folded into one ProductSales per product. */
function salesOf(rows: readonly SalesRow[]): ProductSales[] {
  const sales = new Map<string, { units: number; revenue: Money[] }>();
  for (const row of rows) {
    const product = sales.get(row.product_id) ?? { units: 0, revenue: [] };
    product.units += Number(row.units);
    product.revenue.push({ amountCents: Number(row.cents), currency: row.currency });
    sales.set(row.product_id, product);
  }
  return [...sales].map(([productId, { units, revenue }]) => ({ productId, units, revenue }));
}

/** Reads on a fresh fork of the root EntityManager per call, outside business transactions. */
export class MikroOrmOrderAnalytics implements OrderAnalytics {
  constructor(private readonly root: EntityManager) {}

  async totals(companyId: string, range: TimeRange): Promise<OrderTotals> {
    // Currencies in code point order ("C"), whatever the database's collation.
    const rows = await this.root.fork().execute<TotalsRow[]>(
      `with counted as (${COUNTED})
       select currency, count(*) as orders, sum(total_cents) as cents, (select count(distinct user_id) from counted) as buyers
         from counted group by currency order by currency collate "C"`,
      [companyId, range.from, range.to, [...COUNTED_ORDER_STATUSES]],
    );
    return {
      orders: rows.reduce((sum, row) => sum + Number(row.orders), 0),
      revenue: rows.map((row) => ({ amountCents: Number(row.cents), currency: row.currency })),
      ordersByCurrency: rows.map((row) => Number(row.orders)),
      buyers: Number(rows[0]?.buyers ?? 0),
    };
  }

  async productSales(
    companyId: string,
    range: TimeRange,
    only: { readonly productIds: readonly string[] } | { readonly limit: number; readonly by: 'units' | 'revenue' },
  ): Promise<ProductSales[]> {
    if ('productIds' in only && only.productIds.length === 0) return [];
    const scope = [companyId, range.from, range.to, [...COUNTED_ORDER_STATUSES]];
    const among = 'productIds' in only ? 'where l.product_id in (?)' : '';
    // Per product and currency; amounts in bigint, as a line's quantity × price may pass int's range.
    const sales = `with sales as (
        select l.product_id, l.currency, sum(l.quantity) as units, sum(l.quantity::bigint * l.unit_price_cents) as cents
          from (${COUNTED}) o join order_lines l on l.order_id = o.id
         ${among}
         group by l.product_id, l.currency)`;
    if ('productIds' in only) {
      const rows = await this.root.fork().execute<SalesRow[]>(`${sales} select * from sales order by product_id collate "C", currency collate "C"`, [
        ...scope,
        [...only.productIds],
      ]);
      return salesOf(rows);
    }
    const measure = MEASURES[only.by];
    // Ties in code point order ("C"), whatever the database's collation.
    const rows = await this.root.fork().execute<SalesRow[]>(
      `${sales},
       ranked as (
         select product_id, row_number() over (order by sum(${measure}) desc, product_id collate "C") as rank
           from sales group by product_id order by rank limit ?)
       select s.* from sales s join ranked r on r.product_id = s.product_id order by r.rank, s.currency collate "C"`,
      [...scope, only.limit],
    );
    return salesOf(rows);
  }
}
