// Loads bench/analytics' dataset into the real tables, fast and without HTTP: the catalogue and
// orders by `INSERT … SELECT FROM unnest(…)` in chunks (as bench/recommendations does), the events
// into PostgreSQL through the ingestion statement itself (MikroOrmAnalyticsEventLog, in chunks),
// so whatever ingestion keeps beside the events is kept here too; into ClickHouse as the lines
// its drain sends (`eventLines`, one INSERT … FORMAT TabSeparated per chunk).
import type { ClickHouseClient } from '@clickhouse/client';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { eventLines, INSERT_LINES } from '../../adapters/clickhouse/clickhouse-event-rows';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { ok } from '../../domain/shared/result';
import type { BenchOrder, BenchProduct } from './dataset';

const CHUNK = 10_000;

async function inChunks<T>(rows: readonly T[], insert: (chunk: readonly T[]) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < rows.length; from += CHUNK) await insert(rows.slice(from, from + CHUNK));
}

export async function loadShop(db: pg.ClientBase, companyId: string, products: readonly BenchProduct[], orders: readonly BenchOrder[], createdAt: Date): Promise<void> {
  const created = createdAt.toISOString();
  await db.query('insert into companies (id, name, slug, created_at) values ($1, $2, $3, $4)', [companyId, 'Bench analytics shop', 'bench-analytics', created]);
  await inChunks(products, (rows) =>
    db.query(
      `insert into products (id, company_id, sku, name, description, category_id, brand, tags, attributes, price_cents, currency,
                             stock, image_url, status, search_text, units_sold, created_at, updated_at)
       select id, $1, sku, name, '', null, null, '[]'::jsonb, '{}'::jsonb, price_cents, 'EUR', 100, null, 'active', lower(name), 0, $2, $2
         from unnest($3::text[], $4::text[], $5::text[], $6::int[]) as t(id, sku, name, price_cents)`,
      [companyId, created, rows.map((p) => p.id), rows.map((p) => p.sku), rows.map((p) => p.name), rows.map((p) => p.priceCents)],
    ),
  );
  await inChunks(orders, async (rows) => {
    await db.query(
      `insert into orders (id, company_id, user_id, status, total_cents, currency, placed_at, history)
       select id, $1, user_id, status, total_cents, currency, placed_at,
              jsonb_build_array(jsonb_build_object('status', 'placed', 'at', placed_at))
         from unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::timestamptz[]) as t(id, user_id, status, total_cents, currency, placed_at)`,
      [
        companyId, rows.map((o) => o.id), rows.map((o) => o.userId), rows.map((o) => o.status), rows.map((o) => o.totalCents),
        rows.map((o) => o.currency), rows.map((o) => o.placedAt.toISOString()),
      ],
    );
    const lines = rows.flatMap((o) => o.lines.map((line, position) => ({ order: o, line, position })));
    await db.query(
      `insert into order_lines (order_id, product_id, company_id, position, quantity, unit_price_cents, currency)
       select order_id, product_id, $1, position, quantity, unit_price_cents, currency
         from unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[]) as t(order_id, product_id, position, quantity, unit_price_cents, currency)`,
      [
        companyId, lines.map((l) => l.order.id), lines.map((l) => l.line.productId), lines.map((l) => l.position),
        lines.map((l) => l.line.quantity), lines.map((l) => l.line.unitPriceCents), lines.map((l) => l.order.currency),
      ],
    );
  });
}

/** Appends each chunk in a transaction of its own, as one ingested batch is; resolves with the events stored. */
export async function loadEventsIntoPostgres(uow: UnitOfWork, companyId: string, chunks: Iterable<readonly AnalyticsEvent[]>, receivedAt: Date): Promise<number> {
  let stored = 0;
  for (const chunk of chunks) {
    const result = await uow.run(async (tx) => ok(await tx.analyticsEvents.append(companyId, chunk, receivedAt)));
    if (!result.ok) throw new Error('events not stored');
    stored += result.value.accepted;
  }
  return stored;
}

export async function loadEventsIntoClickHouse(client: ClickHouseClient, companyId: string, chunks: Iterable<readonly AnalyticsEvent[]>, receivedAt: Date): Promise<number> {
  let sent = 0;
  for (const chunk of chunks) {
    const lines = eventLines(`00000000-0000-4000-8000-${String(sent).padStart(12, '0')}`, companyId, receivedAt, chunk);
    const { stream } = await client.exec({ query: INSERT_LINES, values: Readable.from([lines], { objectMode: false }) });
    stream.resume();
    await finished(stream);
    sent += chunk.length;
  }
  return sent;
}
