import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductRepository, ProductSearch, StockTake } from '../../application/ports/product-repository';
import type { Product } from '../../domain/catalog/product';
import { searchableText } from '../../domain/catalog/product-rules';
import { mapPage, type Page } from '../../domain/shared/page';
import { keysetPage } from './keyset';
import { ProductSchema, type ProductRow } from './schemas/product-schema';

/** pg_trgm word similarity from which a misspelt query still matches a name. */
const FUZZY_THRESHOLD = 0.3;

interface SortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
  readonly type: 'number' | 'string';
  readonly cast?: string;
}

const BY_ID: SortKey = { column: 'id', direction: 'asc', type: 'string' };
const SORTS: Record<ProductSearch['sort'], readonly [SortKey, SortKey]> = {
  relevance: [{ column: 'rank', direction: 'desc', type: 'number' }, BY_ID],
  price_asc: [{ column: 'price_cents', direction: 'asc', type: 'number' }, BY_ID],
  price_desc: [{ column: 'price_cents', direction: 'desc', type: 'number' }, BY_ID],
  newest: [{ column: 'created_at', direction: 'desc', type: 'string', cast: '::timestamptz' }, { ...BY_ID, direction: 'desc' }],
  popularity: [{ column: 'units_sold', direction: 'desc', type: 'number' }, BY_ID],
};

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
  rank?: number | string;
}

export class MikroOrmProductRepository implements ProductRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(companyId: string, id: string): Promise<Product | null> {
    const row = await this.em.findOne(ProductSchema, { companyId, id });
    return row ? fromRow(row) : null;
  }

  async byIds(companyId: string, ids: readonly string[]): Promise<readonly Product[]> {
    if (ids.length === 0) return [];
    return (await this.em.find(ProductSchema, { companyId, id: { $in: [...ids] } })).map(fromRow);
  }

  async bySku(companyId: string, sku: string): Promise<Product | null> {
    const row = await this.em.findOne(ProductSchema, { companyId, sku });
    return row ? fromRow(row) : null;
  }

  async bySkus(companyId: string, skus: readonly string[]): Promise<readonly Product[]> {
    if (skus.length === 0) return [];
    return (await this.em.find(ProductSchema, { companyId, sku: { $in: [...skus] } })).map(fromRow);
  }

  async search(s: ProductSearch): Promise<Page<Product>> {
    const where: string[] = ['company_id = ?', 'status in (?)'];
    const params: unknown[] = [s.companyId, [...s.statuses]];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (s.categoryId) add('category_id = ?', s.categoryId);
    if (s.brand) add('brand = ?', s.brand);
    if (s.tag) add('tags @> ?::jsonb', JSON.stringify([s.tag]));
    if (s.minPriceCents !== undefined) add('price_cents >= ?', s.minPriceCents);
    if (s.maxPriceCents !== undefined) add('price_cents <= ?', s.maxPriceCents);
    if (s.inStock !== undefined) add(s.inStock ? 'stock > 0' : 'stock = 0');
    let rank = '0::float8';
    const rankParams: unknown[] = [];
    if (s.q) {
      const q = s.q.toLowerCase();
      add(
        `(to_tsvector('simple', search_text) @@ plainto_tsquery('simple', ?) or word_similarity(?, lower(name)) >= ${FUZZY_THRESHOLD})`,
        q,
        q,
      );
      rank = `(ts_rank(to_tsvector('simple', search_text), plainto_tsquery('simple', ?)) + word_similarity(?, lower(name)))::float8`;
      rankParams.push(q, q);
    }
    const [first, second] = SORTS[s.sort];
    const page = await keysetPage(
      s.page,
      [first.type, second.type],
      async (after, limit) => {
        const keyset = after ? keysetCondition(first, second) : 'true';
        const sql =
          `select * from (select *, ${rank} as rank from products where ${where.join(' and ')}) ranked ` +
          `where ${keyset} order by ${first.column} ${first.direction}, ${second.column} ${second.direction} limit ?`;
        const keyParams = after ? [after[0], after[0], after[1]] : [];
        return this.em.execute<RawProduct[]>(sql, [...rankParams, ...params, ...keyParams, limit]);
      },
      (raw) => [keyValue(raw, first), keyValue(raw, second)],
    );
    return mapPage(page, fromRaw);
  }

  async autocomplete(companyId: string, prefix: string, limit: number): Promise<readonly Pick<Product, 'id' | 'name'>[]> {
    const p = prefix.toLowerCase();
    return this.em.execute<{ id: string; name: string }[]>(
      `select id, name from (
         select id, name, case when lower(name) like ? then 2
                               when lower(name) like ? then 1.5
                               else word_similarity(?, lower(name)) end as score
         from products where company_id = ? and status = 'active'
           and (lower(name) like ? or word_similarity(?, lower(name)) >= ${FUZZY_THRESHOLD})
       ) s order by score desc, name asc, id asc limit ?`,
      [`${escapeLike(p)}%`, `% ${escapeLike(p)}%`, p, companyId, `%${escapeLike(p)}%`, p, limit],
    );
  }

  async newest(companyId: string, limit: number): Promise<readonly Product[]> {
    const rows = await this.em.find(ProductSchema, { companyId, status: 'active' }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
    return rows.map(fromRow);
  }

  async countInCategory(companyId: string, categoryId: string): Promise<number> {
    return this.em.count(ProductSchema, { companyId, categoryId });
  }

  async save(product: Product): Promise<void> {
    await this.saveMany([product]);
  }

  async saveMany(products: readonly Product[]): Promise<void> {
    if (products.length === 0) return;
    // units_sold belongs to the sales counter, never to a product write.
    await this.em.upsertMany(ProductSchema, products.map(toRow), { onConflictExcludeFields: ['unitsSold', 'createdAt'] });
  }

  async takeStock(companyId: string, lines: readonly StockTake[]): Promise<boolean> {
    const wanted = new Map<string, number>();
    for (const line of lines) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
    // Lock in id order so concurrent orders over the same products cannot deadlock.
    const locked = await this.em.execute<{ id: string; stock: number }[]>(
      'select id, stock from products where company_id = ? and id in (?) order by id for update',
      [companyId, [...wanted.keys()]],
    );
    if (locked.length !== wanted.size || locked.some((row) => row.stock < (wanted.get(row.id) ?? 0))) return false;
    for (const [id, quantity] of wanted) {
      await this.em.execute('update products set stock = stock - ? where company_id = ? and id = ?', [quantity, companyId, id]);
    }
    return true;
  }

  async returnStock(companyId: string, lines: readonly StockTake[]): Promise<void> {
    for (const line of lines) {
      await this.em.execute('update products set stock = stock + ? where company_id = ? and id = ?', [line.quantity, companyId, line.productId]);
    }
  }

  async countSales(companyId: string, lines: readonly StockTake[], sign: 1 | -1): Promise<void> {
    for (const line of lines) {
      await this.em.execute(
        'update products set units_sold = greatest(0, units_sold + ?) where company_id = ? and id = ?',
        [sign * line.quantity, companyId, line.productId],
      );
    }
  }
}

function keysetCondition(first: SortKey, second: SortKey): string {
  const op = (key: SortKey) => (key.direction === 'asc' ? '>' : '<');
  const cast = (key: SortKey) => key.cast ?? '';
  return `(${first.column} ${op(first)} ?${cast(first)} or (${first.column} = ?${cast(first)} and ${second.column} ${op(second)} ?${cast(second)}))`;
}

function keyValue(raw: RawProduct, key: SortKey): string | number {
  const value = raw[key.column as keyof RawProduct];
  if (value instanceof Date) return value.toISOString();
  return key.type === 'number' ? Number(value) : String(value);
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
    attributes: row.attributes,
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
    attributes: { ...p.attributes },
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
