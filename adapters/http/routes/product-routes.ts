// Products, search, prices, deals, new arrivals and import (SPEC §3.2). Fixed paths such as
// /products/autocomplete and /products/import come before /products/:id.
import { z } from 'zod';
import type { ArchiveProduct } from '../../../application/catalog/archive-product';
import type { AutocompleteProducts } from '../../../application/catalog/autocomplete-products';
import type { ChangePrice } from '../../../application/catalog/change-price';
import type { CreateProduct } from '../../../application/catalog/create-product';
import type { GetPriceHistory } from '../../../application/catalog/get-price-history';
import type { GetProduct } from '../../../application/catalog/get-product';
import { MAX_IMPORT_ROWS, type ImportProducts } from '../../../application/catalog/import-products';
import type { ListDeals } from '../../../application/catalog/list-deals';
import type { ListNewArrivals } from '../../../application/catalog/list-new-arrivals';
import type { ProductInput } from '../../../application/catalog/product-changes';
import type { SearchProducts } from '../../../application/catalog/search-products';
import type { UpdateProduct } from '../../../application/catalog/update-product';
import { isAtLeast } from '../../../domain/identity/role';
import { appError, type AppError, type ErrorDetail } from '../../../domain/shared/errors';
import { mapPage } from '../../../domain/shared/page';
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS, csvToProductRows } from '../csv-products';
import { answer, route, type RouteSpec } from '../route';
import {
  AutocompleteOut, AutocompleteQuery, DealOut, ImportBody, ImportOut, PriceBody, PriceHistoryQuery, PricePointOut,
  ProductBody, ProductOut, ProductPatchBody, SearchQuery, dealOut, pricePointOut, productOut,
} from '../schemas/catalog-schemas';
import { IdParams, PageQuery, pageOf } from '../schemas/common';
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

/** A batch of 1000 full rows can pass 1 MiB; the SPEC's batch limit applies instead. */
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

const IMPORT_DESCRIPTION = `Upserts products by \`sku\`: every row is written, or none. Send 1..${MAX_IMPORT_ROWS} rows,
at most 5 MiB, as \`application/json\` (an array of rows shaped like \`POST /api/v1/products\`) or as \`text/csv\`.

CSV: a header row naming distinct columns among \`${CSV_COLUMNS.join('`, `')}\`, in any order;
\`${CSV_REQUIRED_COLUMNS.join('`, `')}\` are required. \`priceCents\` and \`currency\` make the price, \`tags\` are
separated by \`|\`, and an empty cell means the field is absent.

Each row is validated like a single create, and a 400 names every problem by its row (\`rows[3].price.amountCents\`).`;

/** Each import row validated like a single create, every problem named by its row (`rows[3].price.amountCents`). */
function importRows(body: unknown[] | string): { ok: true; rows: ProductInput[] } | { ok: false; error: AppError<'validation_failed'> } {
  const refuse = (details: ErrorDetail[], message: string) => ({ ok: false as const, error: appError('validation_failed', message, { details }) });
  const raw = typeof body === 'string' ? csvToProductRows(body) : { ok: true as const, rows: body };
  if (!raw.ok) return refuse([{ path: 'body', message: raw.message }], raw.message);
  if (raw.rows.length === 0 || raw.rows.length > MAX_IMPORT_ROWS) {
    const message = `Send 1..${MAX_IMPORT_ROWS} rows (got ${raw.rows.length})`;
    return refuse([{ path: 'rows', message }], message);
  }
  const rows: ProductInput[] = [];
  const details: ErrorDetail[] = [];
  raw.rows.forEach((row, index) => {
    const parsed = parseWith(ProductBody, row, `rows[${index}]`);
    if (parsed.ok) rows.push(parsed.value);
    else details.push(...(parsed.error.details ?? []));
  });
  return details.length ? refuse(details, `${details.length} problems in the rows; nothing was imported`) : { ok: true, rows };
}

export function productRoutes(uc: ProductUseCases): RouteSpec[] {
  const tag = 'Catalog';
  return [
    route({
      method: 'get', path: '/products/autocomplete', operationId: 'autocompleteProducts', tag, auth: 'user', summary: 'Up to 10 active product names by prefix or close spelling',
      query: AutocompleteQuery,
      responses: { 200: { description: 'Suggestions, best first', schema: AutocompleteOut } },
      handle: async ({ actor, query }) =>
        answer(await uc.autocompleteProducts.execute({ actor, q: query.q }), 200, (items) => ({ items: items.map(({ id, name }) => ({ id, name })) })),
    }),
    route({
      method: 'post', path: '/products/import', operationId: 'importProducts', tag, auth: 'user',
      summary: 'Bulk upsert by sku from a JSON array or text/csv, at most 1000 rows, all or nothing (staff+)',
      description: IMPORT_DESCRIPTION,
      body: ImportBody, bodyLimitBytes: IMPORT_BODY_LIMIT,
      bodyContent: {
        'application/json': z.array(ProductBody).min(1).max(MAX_IMPORT_ROWS),
        'text/csv': z.string().meta({ description: `A header row, then 1..${MAX_IMPORT_ROWS} rows` }),
      },
      errors: [403, 409],
      responses: { 200: { description: 'How many products were created and updated', schema: ImportOut } },
      handle: async ({ actor, body }) => {
        // Role first, so a customer learns nothing about the rows.
        if (!isAtLeast(actor.role, 'staff')) return appError('forbidden', 'Requires the staff role or above');
        const rows = importRows(body);
        if (!rows.ok) return rows.error;
        return answer(await uc.importProducts.execute({ actor, rows: rows.rows }), 200);
      },
    }),
    route({
      method: 'post', path: '/products', operationId: 'createProduct', tag, auth: 'user', summary: 'Create a product (staff+)',
      body: ProductBody,
      errors: [403, 404, 409],
      responses: { 201: { description: 'The product', schema: ProductOut } },
      handle: async ({ actor, body }) => answer(await uc.createProduct.execute({ actor, product: body }), 201, productOut),
    }),
    route({
      method: 'get', path: '/products', operationId: 'listProducts', tag, auth: 'user',
      summary: 'Search products: text, filters, sorts, keyset pages (customers: active only; staff: ?status=, default draft+active)',
      query: SearchQuery,
      responses: { 200: { description: 'A page of products', schema: pageOf(ProductOut) } },
      handle: async ({ actor, query }) => {
        const { limit, cursor, ...filters } = query;
        return answer(await uc.searchProducts.execute({ actor, ...filters, page: { limit, cursor } }), 200, (p) => mapPage(p, productOut));
      },
    }),
    route({
      method: 'get', path: '/products/:id', operationId: 'getProduct', tag, auth: 'user', summary: 'Read a product (customers: active only)',
      params: IdParams,
      responses: { 200: { description: 'The product', schema: ProductOut } },
      handle: async ({ actor, params }) => answer(await uc.getProduct.execute({ actor, id: params.id }), 200, productOut),
    }),
    route({
      method: 'patch', path: '/products/:id', operationId: 'updateProduct', tag, auth: 'user', summary: 'Change any fields of a product (staff+)',
      params: IdParams, body: ProductPatchBody,
      errors: [403, 409],
      responses: { 200: { description: 'The updated product', schema: ProductOut } },
      handle: async ({ actor, params, body }) => answer(await uc.updateProduct.execute({ actor, id: params.id, patch: body }), 200, productOut),
    }),
    route({
      method: 'delete', path: '/products/:id', operationId: 'archiveProduct', tag, auth: 'user', summary: 'Archive a product (staff+)',
      params: IdParams,
      errors: [403],
      responses: { 204: { description: 'Archived (or already archived)' } },
      handle: async ({ actor, params }) => answer(await uc.archiveProduct.execute({ actor, id: params.id }), 204),
    }),
    route({
      method: 'put', path: '/products/:id/price', operationId: 'setProductPrice', tag, auth: 'user', summary: 'Set the price; a new price records a price point (staff+)',
      params: IdParams, body: PriceBody,
      errors: [403, 409],
      responses: { 200: { description: 'The product', schema: ProductOut } },
      handle: async ({ actor, params, body }) => answer(await uc.changePrice.execute({ actor, id: params.id, price: body.price }), 200, productOut),
    }),
    route({
      method: 'get', path: '/products/:id/price-history', operationId: 'listPriceHistory', tag, auth: 'user', summary: 'Recorded prices between from and to (inclusive), oldest first',
      params: IdParams, query: PriceHistoryQuery,
      responses: { 200: { description: 'A page of price points, oldest first', schema: pageOf(PricePointOut) } },
      handle: async ({ actor, params, query }) =>
        answer(
          await uc.getPriceHistory.execute({
            actor, id: params.id,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
            page: { limit: query.limit, cursor: query.cursor },
          }),
          200,
          (page) => mapPage(page, pricePointOut),
        ),
    }),
    route({
      method: 'get', path: '/catalog/deals', operationId: 'listDeals', tag, auth: 'user', summary: 'Active products furthest below their 30-day median price',
      query: PageQuery,
      responses: { 200: { description: 'A page of deals, largest relative drop first', schema: pageOf(DealOut) } },
      handle: async ({ actor, query }) => answer(await uc.listDeals.execute({ actor, page: query }), 200, (page) => mapPage(page, dealOut)),
    }),
    route({
      method: 'get', path: '/catalog/new-arrivals', operationId: 'listNewArrivals', tag, auth: 'user', summary: 'The newest active products',
      query: PageQuery,
      responses: { 200: { description: 'A page of products, newest first', schema: pageOf(ProductOut) } },
      handle: async ({ actor, query }) => answer(await uc.listNewArrivals.execute({ actor, page: query }), 200, (page) => mapPage(page, productOut)),
    }),
  ];
}
