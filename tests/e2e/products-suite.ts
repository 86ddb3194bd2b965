// Products over HTTP (SPEC §3.2): every endpoint's success and its 400/401/403/404/409
// answers, tenant isolation, events, import and deals. Run by products.test.ts (memory) and
// products-pglite.test.ts (the SQL search, stock and bulk paths end to end).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import type { StoreKind } from '../support/test-databases';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const DAY = 86_400_000;
const CSV_HEADER = 'sku,name,description,categoryId,brand,tags,priceCents,currency,stock,imageUrl,status';

export function productsOverHttp(store: StoreKind): void {
  describe(`products over HTTP [${store}]`, () => {
    let app: TestApp;
    let call: Call;
    let tenant: Tenant;
    let customer: Member;
    let staff: Member;
    let rival: Tenant;

    beforeAll(async () => {
      app = await startTestApp({ store });
      call = httpClient(app.baseUrl);
      tenant = await registerCompany(call);
      customer = await addMember(call, tenant, 'customer');
      staff = await addMember(call, tenant, 'staff');
      rival = await registerCompany(call, 'Rival');
    });
    afterAll(() => app.close());

    const create = (body: Record<string, unknown>, token = staff.token) => call('POST', '/api/v1/products', { token, body });
    const product = (sku: string, extra: Record<string, unknown> = {}) => ({ sku, name: `Product ${sku}`, price: eur(1000), stock: 5, ...extra });
    const made = async (sku: string, extra: Record<string, unknown> = {}, token = staff.token) => {
      const res = await create(product(sku, extra), token);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    /** A fresh access token after the clock jumped past the old one's expiry. */
    const logIn = async (slug: string, email: string): Promise<string> => {
      const res = await call('POST', '/api/v1/auth/login', { body: { companySlug: slug, email, password: PASSWORD } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.tokens.accessToken;
    };
    const eventsOf = async (productId: string) => {
      await app.settle();
      return app.delivered.filter((e) => (e.payload as { productId?: string }).productId === productId);
    };

    describe('POST /products', () => {
      it('creates a product with defaults, answers it at the top level and emits ProductUpserted only', async () => {
        const res = await create(product('A-1', { tags: ['Red', 'red', ' wool '], attributes: { color: 'red' }, imageUrl: 'https://cdn.test/a.png' }));
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.any(String), sku: 'A-1', name: 'Product A-1', description: '', categoryId: null, brand: null, tags: ['red', 'wool'],
          attributes: { color: 'red' }, price: eur(1000), stock: 5, imageUrl: 'https://cdn.test/a.png', status: 'active',
          createdAt: app.clock.now().toISOString(), updatedAt: app.clock.now().toISOString(),
        });
        const read = await call('GET', `/api/v1/products/${res.body.id}`, { token: customer.token });
        expect([read.status, read.body]).toEqual([200, res.body]);
        const events = await eventsOf(res.body.id);
        expect(events.map((e) => e.type)).toEqual(['ProductUpserted']);
        expect(events[0]).toMatchObject({ companyId: tenant.companyId, payload: { sku: 'A-1', price: eur(1000), status: 'active' } });
      });

      it('answers 401 without a token and 403 to customers', async () => {
        const anonymous = await call('POST', '/api/v1/products', { body: product('B-0') });
        expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthenticated']);
        const refused = await create(product('B-1'), customer.token);
        expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
      });

      it('answers 409 for a sku taken in the company, but not for one taken elsewhere', async () => {
        await made('B-2');
        const dup = await create(product('B-2'));
        expect([dup.status, dup.body.error.code]).toEqual([409, 'conflict']);
        expect((await create(product('B-2'), rival.ownerToken)).status).toBe(201);
      });

      it('answers 404 for a category that is missing or belongs to another company', async () => {
        const missing = await create(product('B-3', { categoryId: 'nope' }));
        expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
        const theirs = (await call('POST', '/api/v1/categories', { token: rival.ownerToken, body: { name: 'Theirs' } })).body;
        expect((await create(product('B-4', { categoryId: theirs.id }))).status).toBe(404);
        const mine = (await call('POST', '/api/v1/categories', { token: staff.token, body: { name: 'Mine' } })).body;
        expect((await create(product('B-5', { categoryId: mine.id }))).body.categoryId).toBe(mine.id);
      });

      it('answers 400 naming the field for each invalid input', async () => {
        const pathOf = async (body: Record<string, unknown>) => {
          const res = await create(body);
          expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
          return res.body.error.details[0].path;
        };
        expect(await pathOf(product('C-1', { price: { amountCents: 10.5, currency: 'EUR' } }))).toBe('price.amountCents');
        expect(await pathOf(product('C-2', { price: { amountCents: 100, currency: 'euro' } }))).toBe('price.currency');
        expect(await pathOf(product('C-3', { companyId: 'x' }))).toBe('companyId');
        expect(await pathOf(product('has space'))).toBe('sku');
        expect(await pathOf(product('C-4', { name: '  ' }))).toBe('name');
        expect(await pathOf(product('C-5', { stock: -1 }))).toBe('stock');
        expect(await pathOf(product('C-6', { imageUrl: 'ftp://x/y.png' }))).toBe('imageUrl');
        expect(await pathOf(product('C-7', { tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }))).toBe('tags');
        expect(await pathOf(product('C-8', { status: 'deleted' }))).toBe('status');
        expect(await pathOf({ sku: 'C-9', name: 'x', stock: 1 })).toBe('price');
        const malformed = await call('POST', '/api/v1/products', { token: staff.token, rawBody: '{"sku":', headers: { 'content-type': 'application/json' } });
        expect(malformed.status).toBe(400);
      });
    });

    describe('GET, PATCH and DELETE /products/:id', () => {
      it('hides drafts and archived products from customers, and everything from other companies', async () => {
        const draft = await made('D-1', { status: 'draft' });
        expect((await call('GET', `/api/v1/products/${draft.id}`, { token: customer.token })).status).toBe(404);
        expect((await call('GET', `/api/v1/products/${draft.id}`, { token: staff.token })).status).toBe(200);
        const live = await made('D-2');
        expect((await call('GET', `/api/v1/products/${live.id}`, { token: rival.ownerToken })).status).toBe(404);
        expect((await call('GET', `/api/v1/products/${live.id}`)).status).toBe(401);
        expect((await call('GET', '/api/v1/products/no-such-id', { token: staff.token })).body.error.code).toBe('not_found');
      });

      it('patches given fields; price and stock changes are recorded and announced', async () => {
        const p = await made('E-1', { brand: 'Kettle' });
        app.clock.advance(60_000);
        const patched = await call('PATCH', `/api/v1/products/${p.id}`, { token: staff.token, body: { name: 'Renamed', brand: null, stock: 9, price: eur(800) } });
        expect(patched.status).toBe(200);
        expect(patched.body).toEqual({ ...p, name: 'Renamed', brand: null, stock: 9, price: eur(800), updatedAt: app.clock.now().toISOString() });
        expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['ProductUpserted', 'ProductUpserted', 'PriceChanged', 'StockChanged']);
        const history = await call('GET', `/api/v1/products/${p.id}/price-history`, { token: customer.token });
        expect(history.body.items.map((i: { price: { amountCents: number } }) => i.price.amountCents)).toEqual([1000, 800]);
      });

      it('answers 409, 404, 403, 401 and 400 on PATCH', async () => {
        const p = await made('F-1');
        await made('F-2');
        const patch = (body: unknown, token = staff.token, id = p.id) => call('PATCH', `/api/v1/products/${id}`, { token, body });
        expect((await patch({ sku: 'F-2' })).status).toBe(409);
        expect((await patch({ sku: 'F-1b' })).body.sku).toBe('F-1b');
        expect((await patch({ categoryId: 'nope' })).status).toBe(404);
        expect((await patch({ name: 'x' }, rival.ownerToken)).status).toBe(404);
        expect((await patch({ name: 'x' }, customer.token)).status).toBe(403);
        expect((await call('PATCH', `/api/v1/products/${p.id}`, { body: { name: 'x' } })).status).toBe(401);
        expect((await patch({ role: 'owner' })).status).toBe(400);
        expect((await patch({ price: { amountCents: -1, currency: 'EUR' } })).status).toBe(400);
        expect((await patch({ name: null })).status).toBe(400);
      });

      it('archives on DELETE, idempotently, for staff of the company only', async () => {
        const p = await made('G-1');
        const del = (token = staff.token) => call('DELETE', `/api/v1/products/${p.id}`, { token });
        expect((await del(customer.token)).status).toBe(403);
        expect((await del(rival.ownerToken)).status).toBe(404);
        const first = await del();
        expect([first.status, first.body]).toEqual([204, '']);
        expect((await del()).status).toBe(204);
        expect((await call('GET', `/api/v1/products/${p.id}`, { token: customer.token })).status).toBe(404);
        expect((await call('GET', `/api/v1/products/${p.id}`, { token: staff.token })).body.status).toBe('archived');
        expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['ProductUpserted', 'ProductUpserted']);
        expect((await call('DELETE', '/api/v1/products/missing', { token: staff.token })).status).toBe(404);
      });
    });

    describe('prices', () => {
      it('PUT /products/:id/price records a point for a new price only', async () => {
        const p = await made('H-1');
        app.clock.advance(60_000);
        const priced = await call('PUT', `/api/v1/products/${p.id}/price`, { token: staff.token, body: { price: eur(800) } });
        expect([priced.status, priced.body.price]).toEqual([200, eur(800)]);
        const same = await call('PUT', `/api/v1/products/${p.id}/price`, { token: staff.token, body: { price: eur(800) } });
        expect([same.status, same.body.price]).toEqual([200, eur(800)]);
        const history = await call('GET', `/api/v1/products/${p.id}/price-history`, { token: customer.token });
        expect(history.body).toEqual({
          items: [
            { price: eur(1000), at: p.createdAt },
            { price: eur(800), at: app.clock.now().toISOString() },
          ],
          nextCursor: null,
        });
        expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['ProductUpserted', 'ProductUpserted', 'PriceChanged']);
        const changed = (await eventsOf(p.id)).find((e) => e.type === 'PriceChanged');
        expect(changed?.payload).toEqual({ productId: p.id, previous: eur(1000), current: eur(800) });
      });

      it('PUT /products/:id/price answers 400, 401, 403 and 404', async () => {
        const p = await made('H-2');
        const put = (body: unknown, token = staff.token, id = p.id) => call('PUT', `/api/v1/products/${id}/price`, { token, body });
        expect((await put({ price: { amountCents: 1.5, currency: 'EUR' } })).status).toBe(400);
        expect((await put({ price: eur(1), extra: true })).status).toBe(400);
        expect((await put({ price: eur(1) }, customer.token)).status).toBe(403);
        expect((await put({ price: eur(1) }, rival.ownerToken)).status).toBe(404);
        expect((await call('PUT', `/api/v1/products/${p.id}/price`, { body: { price: eur(1) } })).status).toBe(401);
      });

      it('GET /products/:id/price-history filters by inclusive ISO bounds and checks them', async () => {
        const p = await made('H-3');
        const t0 = app.clock.now().toISOString();
        app.clock.advance(60_000);
        await call('PUT', `/api/v1/products/${p.id}/price`, { token: staff.token, body: { price: eur(900) } });
        const t1 = app.clock.now().toISOString();
        const history = (query: string, token = customer.token) => call('GET', `/api/v1/products/${p.id}/price-history${query}`, { token });
        expect((await history(`?from=${t1}`)).body.items).toEqual([{ price: eur(900), at: t1 }]);
        expect((await history(`?to=${t0}`)).body.items).toEqual([{ price: eur(1000), at: t0 }]);
        expect((await history(`?from=${t0}&to=${t1}`)).body.items).toHaveLength(2);
        expect((await history('?from=yesterday')).status).toBe(400);
        expect((await history(`?from=${t1}&to=${t0}`)).status).toBe(400);
        expect((await history('', rival.ownerToken)).status).toBe(404);
        const draft = await made('H-4', { status: 'draft' });
        expect((await call('GET', `/api/v1/products/${draft.id}/price-history`, { token: customer.token })).status).toBe(404);
      });
    });

    describe('search, autocomplete and new arrivals', () => {
      let shop: Tenant;
      let shopper: Member;
      let shoes: string;
      const skus = (res: { body: { items: { sku: string }[] } }) => res.body.items.map((p) => p.sku);

      beforeAll(async () => {
        shop = await registerCompany(call);
        shopper = await addMember(call, shop, 'customer');
        shoes = (await call('POST', '/api/v1/categories', { token: shop.ownerToken, body: { name: 'Shoes' } })).body.id;
        const rows = [
          { sku: 'S1', name: 'Trail running sneakers', brand: 'Fjord', tags: ['outdoor'], price: eur(9000), stock: 3, categoryId: shoes },
          { sku: 'S2', name: 'Leather boots', brand: 'Marlow', tags: ['winter'], price: eur(15000), stock: 0, categoryId: shoes },
          { sku: 'S3', name: 'Canvas sneakers', brand: 'Fjord', tags: ['summer'], price: eur(5000), stock: 10 },
          { sku: 'S4', name: 'Wool socks', brand: 'Marlow', tags: ['winter'], price: eur(1500), stock: 50 },
          { sku: 'S5', name: 'Suede sneakers', brand: 'Fjord', price: eur(7000), stock: 2, status: 'draft' },
        ];
        for (const row of rows) {
          app.clock.advance(1000);
          expect((await call('POST', '/api/v1/products', { token: shop.ownerToken, body: row })).status).toBe(201);
        }
      });

      const search = (query: string, token = shop.ownerToken) => call('GET', `/api/v1/products?${query}`, { token });

      it('finds by words and close spellings, and filters by category, brand, tag, price and stock', async () => {
        expect(skus(await search('q=sneakers&sort=price_asc'))).toEqual(['S3', 'S5', 'S1']);
        expect(skus(await search('q=snekaers&sort=price_asc', shopper.token))).toEqual(['S3', 'S1']);
        expect(skus(await search('q=fjord+summer'))).toEqual(['S3']);
        expect(skus(await search(`categoryId=${shoes}&sort=price_desc`))).toEqual(['S2', 'S1']);
        expect(skus(await search('brand=Marlow&inStock=true'))).toEqual(['S4']);
        expect(skus(await search('brand=Marlow&inStock=false'))).toEqual(['S2']);
        // The brand ignores case, like q does.
        expect(skus(await search('brand=mARLOW&inStock=true'))).toEqual(['S4']);
        expect(skus(await search('brand=FJORD&sort=price_asc', shopper.token))).toEqual(['S3', 'S1']);
        expect(skus(await search('tag=WINTER&sort=price_asc'))).toEqual(['S4', 'S2']);
        expect(skus(await search('minPrice=5000&maxPrice=9000&sort=price_asc', shopper.token))).toEqual(['S3', 'S1']);
        expect(skus(await search('q=zebra'))).toEqual([]);
        expect(skus(await search('q=&brand=&tag=&categoryId=&sort=price_asc', shopper.token))).toEqual(['S4', 'S3', 'S1', 'S2']);
      });

      it('shows customers active products only; staff choose a status', async () => {
        expect(skus(await search('sort=newest', shopper.token))).toEqual(['S4', 'S3', 'S2', 'S1']);
        expect(skus(await search('status=draft', shopper.token))).toEqual([]);
        expect(skus(await search('sort=newest'))).toEqual(['S5', 'S4', 'S3', 'S2', 'S1']);
        expect(skus(await search('status=draft'))).toEqual(['S5']);
        // Other companies' products never show.
        expect(skus(await search('q=sneakers', tenant.ownerToken))).toEqual([]);
      });

      it('pages with a cursor through every sort, each product once', async () => {
        for (const sort of ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity']) {
          const seen: string[] = [];
          let cursor = '';
          do {
            const res = await search(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, shopper.token);
            expect(res.status).toBe(200);
            seen.push(...skus(res));
            cursor = res.body.nextCursor ?? '';
          } while (cursor);
          expect(seen.sort(), sort).toEqual(['S1', 'S2', 'S3', 'S4']);
        }
        const first = await search('sort=price_asc&limit=3');
        const second = await search(`sort=price_asc&limit=3&cursor=${first.body.nextCursor}`);
        expect([skus(first), skus(second), second.body.nextCursor]).toEqual([['S4', 'S3', 'S5'], ['S1', 'S2'], null]);
        // A cursor this list did not give out is the client's mistake, not an empty page.
        for (const cursor of ['forged', encodeURIComponent(Buffer.from('["x","y"]').toString('base64url'))]) {
          const forged = await search(`cursor=${cursor}&limit=2`);
          expect([forged.status, forged.body.error.code, forged.body.error.details[0].path]).toEqual([400, 'validation_failed', 'query.cursor']);
        }
      });

      it('answers 400 for bad query parameters and 401 without a token', async () => {
        for (const query of ['sort=cheapest', 'minPrice=-1', 'minPrice=abc', 'limit=0', 'limit=101', 'inStock=yes', 'status=gone', 'colour=red', `q=${'x'.repeat(201)}`]) {
          const res = await search(query);
          expect([res.status, res.body.error.code], query).toEqual([400, 'validation_failed']);
        }
        expect((await call('GET', '/api/v1/products')).status).toBe(401);
      });

      it('autocompletes active names by prefix and close spelling', async () => {
        const suggest = (q: string, token = shopper.token) => call('GET', `/api/v1/products/autocomplete?q=${encodeURIComponent(q)}`, { token });
        expect((await suggest('leath')).body).toEqual({ items: [{ id: expect.any(String), name: 'Leather boots' }] });
        expect((await suggest('lether')).body.items.map((i: { name: string }) => i.name)).toContain('Leather boots');
        expect((await suggest('sneak')).body.items.map((i: { name: string }) => i.name)).toEqual(['Canvas sneakers', 'Trail running sneakers']);
        expect((await suggest('suede')).body.items).toEqual([]);
        expect((await suggest('leath', tenant.ownerToken)).body.items).toEqual([]);
        expect((await call('GET', '/api/v1/products/autocomplete', { token: shopper.token })).status).toBe(400);
        expect((await suggest('x'.repeat(101))).status).toBe(400);
        expect((await call('GET', '/api/v1/products/autocomplete?q=a')).status).toBe(401);
      });

      it('lists new arrivals, newest active first', async () => {
        const fresh = await call('GET', '/api/v1/catalog/new-arrivals?limit=2', { token: shopper.token });
        expect([fresh.status, skus(fresh)]).toEqual([200, ['S4', 'S3']]);
        expect((await call('GET', '/api/v1/catalog/new-arrivals?limit=0', { token: shopper.token })).status).toBe(400);
        expect((await call('GET', '/api/v1/catalog/new-arrivals')).status).toBe(401);
      });
    });

    describe('POST /products/import', () => {
      const importJson = (body: unknown, token: string) => call('POST', '/api/v1/products/import', { token, body });
      const importCsv = (text: string, token: string) =>
        call('POST', '/api/v1/products/import', { token, rawBody: text, headers: { 'content-type': 'text/csv' } });

      it('upserts JSON rows by sku and answers the counts', async () => {
        const shop = await registerCompany(call);
        const rows = [{ sku: 'J1', name: 'Blue mug', price: eur(1200), stock: 4 }, { sku: 'J2', name: 'Red mug', price: eur(1300), stock: 2, status: 'draft' }];
        expect((await importJson(rows, shop.ownerToken)).body).toEqual({ created: 2, updated: 0 });
        const again = await importJson([{ ...rows[0], price: eur(1000) }, { sku: 'J3', name: 'Green mug', price: eur(1), stock: 1 }], shop.ownerToken);
        expect([again.status, again.body]).toEqual([200, { created: 1, updated: 1 }]);
        const mugs = await call('GET', '/api/v1/products?q=mug&sort=price_asc', { token: shop.ownerToken });
        expect(mugs.body.items.map((p: { sku: string; status: string }) => [p.sku, p.status])).toEqual([['J3', 'active'], ['J1', 'active'], ['J2', 'draft']]);
      });

      it('imports CSV all-or-nothing and names every bad row', async () => {
        const shop = await registerCompany(call);
        const good = `${CSV_HEADER}\nX1,Blue mug,,,Kettle,home|kitchen,1200,EUR,4,,active\nX2,"Red mug, large",,,Kettle,,1300,EUR,2,https://cdn.test/x2.png,draft\n`;
        const res = await importCsv(good, shop.ownerToken);
        expect([res.status, res.body]).toEqual([200, { created: 2, updated: 0 }]);
        const bad = `${CSV_HEADER}\nX1,Blue mug v2,,,Kettle,,1250,EUR,4,,active\nX3,,,,,,abc,EUR,1,,active\nX4,Ok,,,,,100,EUR,-2,,active\n`;
        const refused = await importCsv(bad, shop.ownerToken);
        expect([refused.status, refused.body.error.code]).toEqual([400, 'validation_failed']);
        expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rows[1].name', 'rows[1].price.amountCents', 'rows[2].stock']);
        const mugs = await call('GET', '/api/v1/products?q=mug&sort=price_asc', { token: shop.ownerToken });
        expect(mugs.body.items.map((p: { name: string; tags: string[] }) => [p.name, p.tags])).toEqual([['Blue mug', ['home', 'kitchen']], ['Red mug, large', []]]);
      });

      it('refuses bad batches as a whole: repeated skus, unknown categories, bad headers, too many rows', async () => {
        const shop = await registerCompany(call);
        const row = (sku: string, extra: Record<string, unknown> = {}) => ({ sku, name: sku, price: eur(100), stock: 1, ...extra });
        const repeated = await importJson([row('R1'), row('R1'), row('R2', { categoryId: 'nope' }), row('R3', { role: 'x' })], shop.ownerToken);
        expect(repeated.status).toBe(400);
        expect(repeated.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rows[3].role']);
        const domain = await importJson([row('R1'), row('R1'), row('R2', { categoryId: 'nope' })], shop.ownerToken);
        expect(domain.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rows[1].sku', 'rows[2].categoryId']);
        expect((await importJson([], shop.ownerToken)).status).toBe(400);
        expect((await importJson(Array.from({ length: 1001 }, (_, i) => row(`M${i}`)), shop.ownerToken)).body.error.details).toEqual([
          { path: 'rows', message: expect.stringContaining('1..1000') },
        ]);
        expect((await importJson({ sku: 'not-an-array' }, shop.ownerToken)).status).toBe(400);
        expect((await importCsv('sku,name,price\nA,B,1\n', shop.ownerToken)).status).toBe(400);
        expect((await importCsv(`${CSV_HEADER}\n"unclosed,quote\n`, shop.ownerToken)).status).toBe(400);
        expect((await importCsv(CSV_HEADER, shop.ownerToken)).status).toBe(400);
        const listed = await call('GET', '/api/v1/products?status=draft', { token: shop.ownerToken });
        expect(listed.body.items).toEqual([]);
        expect((await call('GET', '/api/v1/products', { token: shop.ownerToken })).body.items).toEqual([]);
      });

      it('takes up to 1000 rows in one batch', async () => {
        const shop = await registerCompany(call);
        const rows = Array.from({ length: 1000 }, (_, i) => ({ sku: `B${i}`, name: `Bulk ${i}`, description: 'd'.repeat(500), price: eur(100 + i), stock: 1 }));
        const res = await importJson(rows, shop.ownerToken);
        expect([res.status, res.body]).toEqual([200, { created: 1000, updated: 0 }]);
      });

      it('answers 403 to customers and 401 without a token', async () => {
        const refused = await importJson([{ sku: 'Z1', name: 'z', price: eur(1), stock: 1 }], customer.token);
        expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
        expect((await importCsv(`${CSV_HEADER}\n`, customer.token)).status).toBe(403);
        expect((await call('POST', '/api/v1/products/import', { body: [] })).status).toBe(401);
      });
    });

    // Last: it moves the clock 40 days, past every token issued above.
    describe('GET /catalog/deals', () => {
      it('ranks active products by their drop against the 30-day median', async () => {
        const shop = await registerCompany(call);
        const shopper = await addMember(call, shop, 'customer');
        const mk = async (sku: string, cents: number) => (await call('POST', '/api/v1/products', { token: shop.ownerToken, body: { sku, name: sku, price: eur(cents), stock: 1 } })).body;
        const a = await mk('DA', 1000);
        const b = await mk('DB', 2000);
        const c = await mk('DC', 3000);
        app.clock.advance(40 * DAY);
        const ownerToken = await logIn(shop.slug, shop.ownerEmail);
        const shopperToken = await logIn(shop.slug, shopper.email);
        const put = (id: string, cents: number) => call('PUT', `/api/v1/products/${id}/price`, { token: ownerToken, body: { price: eur(cents) } });
        await put(a.id, 1200);
        await put(a.id, 600);
        await put(b.id, 1800);
        await put(c.id, 100);
        await call('DELETE', `/api/v1/products/${c.id}`, { token: ownerToken });
        const deals = await call('GET', '/api/v1/catalog/deals', { token: shopperToken });
        expect(deals.status).toBe(200);
        expect(deals.body.items.map((d: { product: { sku: string } }) => d.product.sku)).toEqual(['DA', 'DB']);
        expect(deals.body.items[0]).toEqual({ product: expect.objectContaining({ id: a.id, price: eur(600) }), currentPrice: eur(600), medianPrice: eur(1000), dropPercent: 40 });
        expect(deals.body.items[1]).toMatchObject({ currentPrice: eur(1800), medianPrice: eur(1900), dropPercent: 5.26 });
        expect((await call('GET', '/api/v1/catalog/deals?limit=1', { token: shopperToken })).body.items).toHaveLength(1);
        const rivalToken = await logIn(rival.slug, rival.ownerEmail);
        expect((await call('GET', '/api/v1/catalog/deals', { token: rivalToken })).body.items).toEqual([]);
        expect((await call('GET', '/api/v1/catalog/deals?limit=101', { token: shopperToken })).status).toBe(400);
        expect((await call('GET', '/api/v1/catalog/deals')).status).toBe(401);
      });
    });
  });
}
