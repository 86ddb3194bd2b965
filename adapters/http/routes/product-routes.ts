import { z } from 'zod';
import type { CreateProduct } from '../../../application/catalog/create-product';
import type { GetProduct } from '../../../application/catalog/get-product';
import type { ImportProducts } from '../../../application/catalog/import-products';
import type { ProductInput } from '../../../application/catalog/product-changes';
import type { GetPriceHistory, ListDeals } from '../../../application/catalog/price-insights';
import type { AutocompleteProducts, ListNewArrivals, SearchProducts } from '../../../application/catalog/search-products';
import type { ArchiveProduct, ChangePrice, UpdateProduct } from '../../../application/catalog/update-product';
import { appError, type ErrorDetail } from '../../../domain/shared/errors';
import { mapPage } from '../../../domain/shared/page';
import { csvToProductRows } from '../csv-products';
import { answer, route, type RouteSpec } from '../route';
import {
  AutocompleteQuery, ImportBody, LimitQuery, PriceBody, PriceHistoryQuery, PricePointOut, ProductBody, ProductOut,
  ProductPatchBody, SearchQuery, pricePointOut, productOut,
} from '../schemas/catalog-schemas';
import { IdParams, MoneySchema, pageOf } from '../schemas/common';
import { parseWith } from '../validation';

export interface ProductUseCases {
  readonly createProduct: CreateProduct;
  readonly getProduct: GetProduct;
  readonly updateProduct: UpdateProduct;
  readonly archiveProduct: ArchiveProduct;
  readonly searchProducts: SearchProducts;
  readonly autocompleteProducts: AutocompleteProducts;
  readonly changePrice: ChangePrice;
  readonly getPriceHistory: GetPriceHistory;
  readonly listDeals: ListDeals;
  readonly listNewArrivals: ListNewArrivals;
  readonly importProducts: ImportProducts;
}

/** Each import row validated like a single create, errors named by row. */
function importRows(body: unknown[] | string): { ok: true; rows: ProductInput[] } | { ok: false; details: ErrorDetail[] } {
  const raw = typeof body === 'string' ? csvToProductRows(body) : { ok: true as const, rows: body };
  if (!raw.ok) return { ok: false, details: [{ path: 'body', message: raw.message }] };
  const rows: ProductInput[] = [];
  const details: ErrorDetail[] = [];
  raw.rows.forEach((row, index) => {
    const parsed = parseWith(ProductBody, row, `rows[${index}]`);
    if (parsed.ok) rows.push(parsed.value);
    else details.push(...(parsed.error.details ?? []));
  });
  return details.length ? { ok: false, details } : { ok: true, rows };
}

export function productRoutes(uc: ProductUseCases): RouteSpec[] {
  const tag = 'Catalog';
  return [
    route({
      method: 'get', path: '/products/autocomplete', tag, auth: 'user', summary: 'Up to 10 names by prefix or close spelling',
      query: AutocompleteQuery,
      responses: { 200: { description: 'Suggestions', schema: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) } },
      handle: async ({ actor, query }) => answer(await uc.autocompleteProducts.execute({ actor, q: query.q }), 200, (items) => ({ items })),
    }),
    route({
      method: 'post', path: '/products/import', tag, auth: 'user', summary: 'Bulk upsert by sku: JSON array or text/csv, all or nothing (staff+)',
      body: ImportBody,
      responses: { 200: { description: 'Imported', schema: z.object({ created: z.number(), updated: z.number() }) } },
      handle: async ({ actor, body }) => {
        const rows = importRows(body);
        if (!rows.ok) return appError('validation_failed', `${rows.details.length} problems; nothing was imported`, { details: rows.details });
        return answer(await uc.importProducts.execute({ actor, rows: rows.rows }), 200);
      },
    }),
    route({
      method: 'post', path: '/products', tag, auth: 'user', summary: 'Create a product (staff+)',
      body: ProductBody,
      responses: { 201: { description: 'Created', schema: ProductOut } },
      handle: async ({ actor, body }) => answer(await uc.createProduct.execute({ actor, product: body }), 201, productOut),
    }),
    route({
      method: 'get', path: '/products', tag, auth: 'user', summary: 'Search products with filters, sorting and paging',
      query: SearchQuery,
      responses: { 200: { description: 'A page of products', schema: pageOf(ProductOut) } },
      handle: async ({ actor, query }) => {
        const { limit, cursor, ...filters } = query;
        return answer(await uc.searchProducts.execute({ actor, ...filters, page: { limit, cursor } }), 200, (p) => mapPage(p, productOut));
      },
    }),
    route({
      method: 'get', path: '/products/:id', tag, auth: 'user', summary: 'Read a product (customers: active only)',
      params: IdParams,
      responses: { 200: { description: 'The product', schema: ProductOut } },
      handle: async ({ actor, params }) => answer(await uc.getProduct.execute({ actor, id: params.id }), 200, productOut),
    }),
    route({
      method: 'patch', path: '/products/:id', tag, auth: 'user', summary: 'Change a product (staff+)',
      params: IdParams, body: ProductPatchBody,
      responses: { 200: { description: 'The updated product', schema: ProductOut } },
      handle: async ({ actor, params, body }) => answer(await uc.updateProduct.execute({ actor, id: params.id, patch: body }), 200, productOut),
    }),
    route({
      method: 'delete', path: '/products/:id', tag, auth: 'user', summary: 'Archive a product (staff+)',
      params: IdParams,
      responses: { 204: { description: 'Archived' } },
      handle: async ({ actor, params }) => answer(await uc.archiveProduct.execute({ actor, id: params.id }), 204),
    }),
    route({
      method: 'put', path: '/products/:id/price', tag, auth: 'user', summary: 'Set the price; records a price point (staff+)',
      params: IdParams, body: PriceBody,
      responses: { 200: { description: 'The product', schema: ProductOut } },
      handle: async ({ actor, params, body }) => answer(await uc.changePrice.execute({ actor, id: params.id, price: body.price }), 200, productOut),
    }),
    route({
      method: 'get', path: '/products/:id/price-history', tag, auth: 'user', summary: 'Price points, oldest first',
      params: IdParams, query: PriceHistoryQuery,
      responses: { 200: { description: 'Points', schema: z.object({ items: z.array(PricePointOut) }) } },
      handle: async ({ actor, params, query }) =>
        answer(
          await uc.getPriceHistory.execute({
            actor, id: params.id,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
          }),
          200,
          (points) => ({ items: points.map(pricePointOut) }),
        ),
    }),
    route({
      method: 'get', path: '/catalog/deals', tag, auth: 'user', summary: 'Largest drops against the 30-day median price',
      query: LimitQuery,
      responses: {
        200: {
          description: 'Deals',
          schema: z.object({ items: z.array(z.object({ product: ProductOut, currentPrice: MoneySchema, medianPrice: MoneySchema, dropPercent: z.number() })) }),
        },
      },
      handle: async ({ actor, query }) =>
        answer(await uc.listDeals.execute({ actor, limit: query.limit }), 200, (deals) => ({
          items: deals.map((d) => ({ product: productOut(d.product), currentPrice: d.currentPrice, medianPrice: d.medianPrice, dropPercent: d.dropPercent })),
        })),
    }),
    route({
      method: 'get', path: '/catalog/new-arrivals', tag, auth: 'user', summary: 'Newest active products',
      query: LimitQuery,
      responses: { 200: { description: 'Products', schema: z.object({ items: z.array(ProductOut) }) } },
      handle: async ({ actor, query }) =>
        answer(await uc.listNewArrivals.execute({ actor, limit: query.limit }), 200, (items) => ({ items: items.map(productOut) })),
    }),
  ];
}
