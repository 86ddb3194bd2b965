// Products in PostgreSQL. Search is full-text ('simple' configuration over search_text, GIN
// expression index) or a close spelling of the name (pg_trgm word similarity, GIN trigram
// index on lower(name)); every sort pages by keyset on (sort column, id).
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { ProductRepository, ProductSearch, StockTake } from '../../application/ports/product-repository';
import type { Product } from '../../domain/catalog/product';
import { searchableText } from '../../domain/catalog/product-rules';
import { mapPage, type KeyPart, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, keysetPage, type TimeIdOrder } from './keyset';
import { inTransaction } from './transaction';
import { JsonDocument, jsonOf } from './schemas/json-document';
import { ProductSchema, type ProductRow } from './schemas/product-schema';

const NEWEST_FIRST: TimeIdOrder<ProductRow> = { time: 'createdAt', id: 'id', directions: ['desc', 'desc'] };

/** pg_trgm word similarity from which a misspelt query still matches a name. */
const FUZZY_THRESHOLD = 0.3;

interface SortKey {
  readonly column: 'rank' | 'price_cents' | 'created_at' | 'units_sold';
  readonly direction: 'asc' | 'desc';
  readonly idDirection: 'asc' | 'desc';
  readonly type: KeyPart;
  /** How a cursor value is cast back for the comparison; wide enough for any value of its key part. */
  readonly cast: string;
}

const SORTS: Record<ProductSearch['sort'], SortKey> = {
  relevance: { column: 'rank', direction: 'desc', idDirection: 'asc', type: 'number', cast: '::float8' },
  price_asc: { column: 'price_cents', direction: 'asc', idDirection: 'asc', type: 'integer', cast: '::bigint' },
  price_desc: { column: 'price_cents', direction: 'desc', idDirection: 'asc', type: 'integer', cast: '::bigint' },
  newest: { column: 'created_at', direction: 'desc', idDirection: 'desc', type: 'time', cast: '::timestamptz' },
  popularity: { column: 'units_sold', direction: 'desc', idDirection: 'desc', type: 'integer', cast: '::bigint' },
};

// Both tsquery and similarity see the same normalised words (see searchQuery).
const MATCHES = `(search_vector @@ plainto_tsquery('simple', ?) or ? <% lower(name))`;
const RANK = `(ts_rank(search_vector, plainto_tsquery('simple', ?)) + word_similarity(?, lower(name)))::float8`;

interface RawProduct {
  id: string;
  company_id: string;
  sku: string;
  name: string;
  description: string;
  category_id: string | null;
  brand: string | null;
  tags: string[] | string;
  attributes: Record<string, string> | string;
  price_cents: number;
  currency: string;
  stock: number;
  image_url: string | null;
  status: Product['status'];
  units_sold: number;
  created_at: Date | string;
  updated_at: Date | string;
  rank: number | string;
}

export class MikroOrmProductRepository implements ProductRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(companyId: string, id: string): Promise<Product | null> {
    const row = await this.em.findOne(ProductSchema, { companyId, id }, { disableIdentityMap: true });
    return row ? fromRow(row) : null;
  }

  byIds(companyId: string, ids: readonly string[]): Promise<readonly Product[]> {
    return this.findAmong(companyId, 'id', ids);
  }

  async bySku(companyId: string, sku: string): Promise<Product | null> {
    const row = await this.em.findOne(ProductSchema, { companyId, sku }, { disableIdentityMap: true });
    return row ? fromRow(row) : null;
  }

  bySkus(companyId: string, skus: readonly string[]): Promise<readonly Product[]> {
    return this.findAmong(companyId, 'sku', skus);
  }

  /**
   * Products whose `field` is one of `values`, in chunks that keep the bind list bounded. Plain
   * SQL: recommendations read dozens of products per answer, and entity hydration was most of
   * what that read cost.
   */
  private async findAmong(companyId: string, field: 'id' | 'sku', values: readonly string[]): Promise<Product[]> {
    const found: Product[] = [];
    for (const chunk of chunks([...new Set(values)])) {
      const rows = await this.em.execute<RawProduct[]>(`select * from products where company_id = ? and ${field} in (?)`, [companyId, chunk]);
      found.push(...rows.map(fromRaw));
    }
    return found;
  }

  async search(s: ProductSearch): Promise<Page<Product>> {
    const where: string[] = ['company_id = ?', 'status in (?)'];
    const params: unknown[] = [s.companyId, [...s.statuses]];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (s.categoryId !== undefined) add('category_id = ?', s.categoryId);
    if (s.brand !== undefined) add('lower(brand) = lower(?)', s.brand);
    if (s.tag !== undefined) add('tags @> ?::jsonb', JSON.stringify([s.tag]));
    if (s.minPriceCents !== undefined) add('price_cents >= ?', s.minPriceCents);
    if (s.maxPriceCents !== undefined) add('price_cents <= ?', s.maxPriceCents);
    if (s.inStock !== undefined) add(s.inStock ? 'stock > 0' : 'stock = 0');
    const q = s.q;
    if (q) add(MATCHES, q, q);
    const rank = q ? RANK : '0::float8';
    const rankParams = q ? [q, q] : [];
    const key = SORTS[s.sort];
    const page = await keysetPage(
      s.page,
      [key.type, 'string'],
      async (after, limit) => {
        const value = after ? cursorValue(key, after[0] as number) : null;
        const keyset = after ? afterKey(key) : 'true';
        const keyParams = after ? [value, value, value, after[1]] : [];
        const sql =
          `select * from (select *, ${rank} as rank from products where ${where.join(' and ')}) ranked ` +
          `where ${keyset} order by ${key.column} ${key.direction}, id ${key.idDirection} limit ?`;
        return this.fuzzy(!!q, (em) => em.execute<RawProduct[]>(sql, [...rankParams, ...params, ...keyParams, limit]));
      },
      (raw) => [keyValue(raw, key), raw.id],
    );
    return mapPage(page, fromRaw);
  }

  async autocomplete(companyId: string, prefix: string, limit: number): Promise<readonly Pick<Product, 'id' | 'name'>[]> {
    const starts = `${escapeLike(prefix)}%`;
    const wordStarts = `% ${escapeLike(prefix)}%`;
    const sql = `select id, name from (
        select id, name, case when lower(name) like ? then 2 when lower(name) like ? then 1.5
                              else word_similarity(?, lower(name)) end as score
        from products
        where company_id = ? and status = 'active' and (lower(name) like ? or lower(name) like ? or ? <% lower(name))
      ) s order by score desc, length(name) asc, id asc limit ?`;
    return this.fuzzy(true, (em) =>
      em.execute<{ id: string; name: string }[]>(sql, [starts, wordStarts, prefix, companyId, starts, wordStarts, prefix, limit]),
    );
  }

  async newest(companyId: string, page: PageRequest): Promise<Page<Product>> {
    const rows = await findTimeIdPage(this.em, ProductSchema, { companyId, status: 'active' }, NEWEST_FIRST, page, { disableIdentityMap: true });
    return mapPage(rows, fromRow);
  }

  async countInCategory(companyId: string, categoryId: string): Promise<number> {
    return this.em.count(ProductSchema, { companyId, categoryId });
  }

  async scan(companyId: string, afterId: string | null, limit: number): Promise<readonly Product[]> {
    const rows = await this.em.find(
      ProductSchema,
      { companyId, ...(afterId === null ? {} : { id: { $gt: afterId } }) },
      { orderBy: { id: 'asc' }, limit, disableIdentityMap: true },
    );
    return rows.map(fromRow);
  }

  async save(product: Product): Promise<boolean> {
    return this.saveMany([product]);
  }

  async saveMany(products: readonly Product[]): Promise<boolean> {
    if (products.length === 0) return true;
    try {
      // A savepoint, so a sku clash leaves the caller's transaction usable.
      await inTransaction(this.em, (em) =>
        // One statement for the whole batch; units_sold belongs to the sales counter, never to a product write.
        em.upsertMany(ProductSchema, products.map(toRow), { onConflictFields: ['id'], onConflictExcludeFields: ['unitsSold', 'createdAt'] }),
      );
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  async takeStock(companyId: string, lines: readonly StockTake[]): Promise<boolean> {
    const wanted = merge(lines);
    if (wanted.size === 0) return true;
    // Lock in id order so concurrent orders over the same products cannot deadlock.
    const locked = await this.em.execute<{ id: string; stock: number }[]>(
      'select id, stock from products where company_id = ? and id in (?) order by id for update',
      [companyId, [...wanted.keys()]],
    );
    if (locked.length !== wanted.size || locked.some((row) => Number(row.stock) < (wanted.get(row.id) ?? 0))) return false;
    await this.em.execute(
      `update products p set stock = p.stock - l.quantity from ${LINES} where p.company_id = ? and p.id = l.id`,
      [linesJson(wanted), companyId],
    );
    return true;
  }

  async returnStock(companyId: string, lines: readonly StockTake[]): Promise<void> {
    const wanted = merge(lines);
    if (wanted.size === 0) return;
    await this.em.execute(
      `update products p set stock = p.stock + l.quantity from ${LINES} where p.company_id = ? and p.id = l.id`,
      [linesJson(wanted), companyId],
    );
  }

  async countSales(companyId: string, lines: readonly StockTake[], sign: 1 | -1): Promise<void> {
    const wanted = merge(lines);
    if (wanted.size === 0) return;
    await this.em.execute(
      `update products p set units_sold = greatest(0, p.units_sold + ? * l.quantity) from ${LINES} where p.company_id = ? and p.id = l.id`,
      [sign, linesJson(wanted), companyId],
    );
  }

  /**
   * Runs `work` with the similarity threshold of `<%` lowered to ours (pg_trgm's default is 0.6),
   * scoped to a (sub)transaction so pooled connections keep their defaults. `<%`, unlike a
   * word_similarity() comparison, can use the trigram index.
   */
  private fuzzy<T>(needed: boolean, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!needed) return work(this.em);
    return inTransaction(this.em, async (em) => {
      await em.execute(`select set_config('pg_trgm.word_similarity_threshold', ?, true)`, [String(FUZZY_THRESHOLD)]);
      return work(em);
    });
  }
}

/** Lists split so an `in (...)` stays far below PostgreSQL's 65535 bind parameters. */
function chunks<T>(items: readonly T[], size = 10_000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Stock lines as a relation `l(id, quantity)`, from one JSON parameter. */
const LINES = `jsonb_to_recordset(?::jsonb) as l(id text, quantity int)`;
const linesJson = (wanted: Map<string, number>): string => JSON.stringify([...wanted].map(([id, quantity]) => ({ id, quantity })));

function merge(lines: readonly StockTake[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
  return wanted;
}

/**
 * Rows after the cursor's (value, id). The first, redundant bound lets PostgreSQL seek an
 * index on the sort column instead of filtering from the start.
 */
function afterKey(key: SortKey): string {
  const op = key.direction === 'asc' ? '>' : '<';
  const idOp = key.idDirection === 'asc' ? '>' : '<';
  const value = `?${key.cast}`;
  return `${key.column} ${op}= ${value} and (${key.column} ${op} ${value} or (${key.column} = ${value} and id ${idOp} ?))`;
}

/** A cursor's sort value as its cast reads it. */
const cursorValue = (key: SortKey, value: number): string | number => (key.type === 'time' ? new Date(value).toISOString() : value);

function keyValue(raw: RawProduct, key: SortKey): number {
  const value = raw[key.column];
  if (value instanceof Date) return value.getTime();
  if (key.type === 'time') return new Date(value).getTime();
  return Number(value);
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const parseJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function fromRaw(raw: RawProduct): Product {
  return {
    id: raw.id,
    companyId: raw.company_id,
    sku: raw.sku,
    name: raw.name,
    description: raw.description,
    categoryId: raw.category_id,
    brand: raw.brand,
    tags: parseJson(raw.tags),
    attributes: parseJson(raw.attributes),
    price: { amountCents: Number(raw.price_cents), currency: raw.currency },
    stock: Number(raw.stock),
    imageUrl: raw.image_url,
    status: raw.status,
    createdAt: new Date(raw.created_at),
    updatedAt: new Date(raw.updated_at),
  };
}

function fromRow(row: ProductRow): Product {
  return {
    id: row.id,
    companyId: row.companyId,
    sku: row.sku,
    name: row.name,
    description: row.description,
    categoryId: row.categoryId,
    brand: row.brand,
    tags: row.tags,
    attributes: jsonOf(row.attributes),
    price: { amountCents: row.priceCents, currency: row.currency },
    stock: row.stock,
    imageUrl: row.imageUrl,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toRow(p: Product): ProductRow {
  return {
    id: p.id,
    companyId: p.companyId,
    sku: p.sku,
    name: p.name,
    description: p.description,
    categoryId: p.categoryId,
    brand: p.brand,
    tags: [...p.tags],
    attributes: new JsonDocument(p.attributes),
    priceCents: p.price.amountCents,
    currency: p.price.currency,
    stock: p.stock,
    imageUrl: p.imageUrl,
    status: p.status,
    searchText: searchableText(p),
    unitsSold: 0,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
