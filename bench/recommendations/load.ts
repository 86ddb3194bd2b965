// Bulk-loads a bench dataset into the app's tables with `INSERT ... SELECT FROM unnest(...)`
// in chunks (STYLE.md: bulk paths use raw SQL, not a flush of managed entities). Each
// purchase becomes a paid order of one line, as the orders module would have stored it.
import type pg from 'pg';
import { searchableText } from '../../domain/catalog/product-rules';
import type { Dataset } from './dataset';

const CHUNK = 10_000;
export const OWNER_ID = 'bench-owner';

export interface LoadCounts {
  readonly products: number;
  readonly users: number;
  readonly orders: number;
  readonly interests: number;
}

async function inChunks(total: number, insert: (from: number, to: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < total; from += CHUNK) await insert(from, Math.min(total, from + CHUNK));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

export async function loadDataset(db: pg.ClientBase, data: Dataset, createdAt: Date): Promise<LoadCounts> {
  const company = data.companyId;
  const created = createdAt.toISOString();
  await db.query('set synchronous_commit = off');
  await db.query('insert into companies (id, name, slug, created_at) values ($1, $2, $3, $4)', [company, 'Bench shop', 'bench-shop', created]);
  await db.query(
    `insert into categories (id, company_id, name, parent_id, created_at)
     select id, $1, name, null, $2 from unnest($3::text[], $4::text[]) as t(id, name)`,
    [company, created, data.categories.map((c) => c.id), data.categories.map((c) => c.name)],
  );

  const users = [...data.users.map((u) => ({ id: u.id, email: u.email, role: 'customer' })), { id: OWNER_ID, email: 'owner@bench.test', role: 'owner' }];
  await inChunks(users.length, (from, to) => {
    const rows = users.slice(from, to);
    return db.query(
      `insert into users (id, company_id, email, display_name, role, password_hash, created_at, updated_at)
       select id, $1, email, email, role, 'bench: no password', $2, $2 from unnest($3::text[], $4::text[], $5::text[]) as t(id, email, role)`,
      [company, created, rows.map((u) => u.id), rows.map((u) => u.email), rows.map((u) => u.role)],
    );
  });

  const unitsSold = new Int32Array(data.products.length);
  for (const p of data.purchases.product) unitsSold[p] = unitsSold[p]! + 1;
  await inChunks(data.products.length, (from, to) => {
    const rows = data.products.slice(from, to);
    return db.query(
      `insert into products (id, company_id, sku, name, description, category_id, brand, tags, attributes, price_cents, currency,
                             stock, image_url, status, search_text, units_sold, created_at, updated_at)
       select id, $1, sku, name, description, category_id, brand, tags::jsonb, '{}'::jsonb, price_cents, 'EUR',
              1000, null, 'active', search_text, units_sold, $2, $2
         from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::int[])
           as t(id, sku, name, description, category_id, brand, tags, price_cents, search_text, units_sold)`,
      [
        company, created,
        rows.map((p) => p.id), rows.map((p) => p.sku), rows.map((p) => p.name), rows.map((p) => p.description),
        rows.map((p) => data.categories[p.categoryIndex]!.id), rows.map((p) => p.brand), rows.map((p) => JSON.stringify(p.tags)),
        rows.map((p) => p.priceCents), rows.map((p) => searchableText(p)), range(from, to).map((i) => unitsSold[i]!),
      ],
    );
  });

  const { user, product, at } = data.purchases;
  const orderId = (n: number) => `bench-o-${n}`;
  await inChunks(user.length, async (from, to) => {
    const ids = range(from, to);
    const prices = ids.map((n) => data.products[product[n]!]!.priceCents);
    await db.query(
      `insert into orders (id, company_id, user_id, status, total_cents, currency, placed_at, history)
       select id, $1, user_id, 'paid', total_cents, 'EUR', at::timestamptz,
              jsonb_build_array(jsonb_build_object('status', 'placed', 'at', at), jsonb_build_object('status', 'paid', 'at', at))
         from unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) as t(id, user_id, total_cents, at)`,
      [company, ids.map(orderId), ids.map((n) => data.users[user[n]!]!.id), prices, ids.map((n) => new Date(at[n]!).toISOString())],
    );
    await db.query(
      `insert into order_lines (order_id, product_id, company_id, position, quantity, unit_price_cents, currency)
       select order_id, product_id, $1, 0, 1, unit_price_cents, 'EUR' from unnest($2::text[], $3::text[], $4::int[]) as t(order_id, product_id, unit_price_cents)`,
      [company, ids.map(orderId), ids.map((n) => data.products[product[n]!]!.id), prices],
    );
  });

  await inChunks(data.interests.length, (from, to) => {
    const rows = data.interests.slice(from, to);
    return db.query(
      `insert into interests (company_id, user_id, source, dimension, value, weight, updated_at)
       select $1, user_id, source, dimension, value, weight, updated_at
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::timestamptz[]) as t(user_id, source, dimension, value, weight, updated_at)`,
      [
        company, rows.map((i) => data.users[i.userIndex]!.id), rows.map((i) => i.source), rows.map((i) => i.dimension),
        rows.map((i) => i.value), rows.map((i) => i.weight), rows.map((i) => i.updatedAt.toISOString()),
      ],
    );
  });
  await db.query('analyze');
  return { products: data.products.length, users: users.length, orders: user.length, interests: data.interests.length };
}
