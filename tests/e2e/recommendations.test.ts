// SPEC §3.5 through the embedded pipeline: orders and interests reach the graph through the
// in-process bus, and the recommendation endpoints answer with scores and reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member } from '../support/builders';
import { eventually } from '../support/eventually';
import { httpClient } from '../support/http-client';
import { malformedCursors, walkPages } from '../support/keyset-pages';
import { startShop, type Shop } from '../support/shop';
import { startTestApp } from '../support/test-app';
import { openTestDatabase } from '../support/test-databases';

interface Reason {
  kind: string;
  detail: string;
  productId?: string;
  interest?: { dimension: string; value: string };
  trait?: { dimension: string; value: string };
}
interface Item {
  product: { id: string; name: string };
  score: number;
  reasons: Reason[];
}

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('recommendations', () => {
  let shop: Shop;
  const products: Record<string, string> = {};
  let carol: Member;
  let dave: Member;

  const buyPaid = async (buyer: Member, ...names: string[]) => {
    const { call, staff } = shop;
    const order = await call('POST', '/api/v1/orders', { token: buyer.token, body: { items: names.map((n) => ({ productId: products[n], quantity: 1 })) } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect((await call('POST', `/api/v1/orders/${order.body.id}/transitions`, { token: staff.token, body: { to: 'paid' } })).status).toBe(200);
    await shop.app.settle();
    return order.body.id as string;
  };

  const recommend = async (member: Member, userId: string, query = '') =>
    shop.call('GET', `/api/v1/users/${userId}/recommendations${query}`, { token: member.token });

  const names = (items: Item[]) => items.map((i) => i.product.name);

  beforeAll(async () => {
    shop = await startShop();
    const { call, staff, tenant } = shop;
    const category = async (name: string) => (await call('POST', '/api/v1/categories', { token: staff.token, body: { name, parentId: null } })).body.id as string;
    const shoes = await category('Shoes');
    const hats = await category('Hats');
    const create = async (name: string, extra: Record<string, unknown>) => {
      const res = await call('POST', '/api/v1/products', {
        token: staff.token,
        body: { sku: name.toUpperCase().replace(/\W+/g, '-'), name, price: eur(2000), stock: 50, ...extra },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      products[name] = res.body.id;
    };
    await create('Boots', { categoryId: shoes, brand: 'Acme', tags: ['leather'] });
    await create('Laces', { categoryId: shoes, tags: ['cotton'] });
    await create('Sneakers', { categoryId: shoes, brand: 'Swift' });
    await create('Felt hat', { categoryId: hats, brand: 'Acme', tags: ['wool'] });
    await create('Scarf', { tags: ['wool'], attributes: { color: 'red' } });
    // Carol takes the last one.
    await create('Sold out', { categoryId: shoes, brand: 'Acme', stock: 1 });
    await create('Draft', { categoryId: shoes, brand: 'Acme', status: 'draft' });
    carol = await addMember(call, tenant, 'customer');
    dave = await addMember(call, tenant, 'customer');
    // Carol and Bob both bought boots with laces; Bob also took sneakers.
    await buyPaid(carol, 'Boots', 'Laces', 'Sold out');
    await buyPaid(shop.bob, 'Boots', 'Laces', 'Sneakers');
  });
  afterAll(() => shop.app.close());

  it('recommends what was bought with the user\'s purchases, naming the product that led there', async () => {
    const { alice } = shop;
    await buyPaid(alice, 'Boots');
    const res = await recommend(alice, alice.id, '?strategy=collaborative');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.strategy).toBe('collaborative');
    expect(res.body.degraded).toBe(false);
    const items = res.body.items as Item[];
    expect(names(items)).toEqual(['Laces', 'Sneakers']);
    expect(items[0]!.score).toBeGreaterThan(items[1]!.score);
    expect(items[0]!.reasons[0]).toEqual({ kind: 'co_purchase', detail: 'Often bought with Boots', productId: products.Boots });
  });

  it('blends co-purchases, interests, categories and popularity, never offering bought, sold-out or draft products', async () => {
    const { alice } = shop;
    const res = await recommend(alice, alice.id);
    expect(res.status).toBe(200);
    expect(res.body.strategy).toBe('blended');
    const items = res.body.items as Item[];
    expect(names(items)).not.toContain('Boots');
    expect(names(items)).not.toContain('Sold out');
    expect(names(items)).not.toContain('Draft');
    expect(names(items)[0]).toBe('Laces');
    const kinds = new Set(items.flatMap((i) => i.reasons.map((r) => r.kind)));
    expect(kinds).toEqual(new Set(['co_purchase', 'interest', 'category', 'popular']));
    const scores = items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('gives a user with no history items for their interests, or best sellers when they have none', async () => {
    const { call } = shop;
    await call('PUT', `/api/v1/users/${dave.id}/interests`, { token: dave.token, body: { interests: [{ dimension: 'color', value: 'Red', weight: 0.9 }, { dimension: 'brand', value: 'acme', weight: 0.5 }] } });
    await shop.app.settle();
    const withInterests = (await recommend(dave, dave.id)).body.items as Item[];
    expect(names(withInterests).slice(0, 3)).toEqual(['Scarf', 'Boots', 'Felt hat']);
    expect(withInterests[0]!.reasons[0]).toMatchObject({ kind: 'interest', interest: { dimension: 'color', value: 'Red' } });

    const stranger = await addMember(call, shop.tenant, 'customer');
    const popular = (await recommend(stranger, stranger.id)).body.items as Item[];
    expect(names(popular).slice(0, 2)).toEqual(['Boots', 'Laces']);
    expect(popular[0]!.reasons).toEqual([{ kind: 'popular', detail: 'Bought by 3 customers' }]);
  });

  it('follows purchases: what the user just bought leaves their recommendations', async () => {
    const { alice } = shop;
    expect(names((await recommend(alice, alice.id, '?strategy=collaborative')).body.items)).toContain('Laces');
    await buyPaid(alice, 'Laces');
    expect(names((await recommend(alice, alice.id, '?strategy=collaborative')).body.items)).not.toContain('Laces');
  });

  it('lets customers read only their own, staff anyone of the company, and hides other companies', async () => {
    const { call, alice, bob, staff } = shop;
    expect((await recommend(alice, bob.id)).status).toBe(403);
    expect((await recommend(staff, alice.id)).status).toBe(200);
    const other = await registerCompany(call, 'Elsewhere');
    const res = await call('GET', `/api/v1/users/${alice.id}/recommendations`, { token: other.ownerToken });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await recommend(alice, 'no-such-user')).status).toBe(404);
  });

  it('refuses an unknown strategy, a bad limit and unknown parameters with 400', async () => {
    const { alice } = shop;
    for (const query of ['?strategy=magic', '?limit=0', '?limit=101', '?limit=abc', '?colour=red']) {
      const res = await recommend(alice, alice.id, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(((await recommend(alice, alice.id, '?limit=1')).body.items as Item[]).length).toBe(1);
  });

  const rankedLists = () => [
    `/api/v1/users/${shop.alice.id}/recommendations`,
    `/api/v1/users/${shop.alice.id}/recommendations?strategy=popular`,
    `/api/v1/products/${products.Boots}/similar`,
  ];
  const pageOf = (path: string, query: string) => shop.call('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`, { token: shop.staff.token });

  it('pages recommendations and similar products like every list: each item once, in ranking order, nextCursor null at the end', async () => {
    for (const path of rankedLists()) {
      const whole = await pageOf(path, 'limit=100');
      expect(whole.status, path).toBe(200);
      expect(whole.body.nextCursor, path).toBeNull();
      expect(whole.body.items.length, path).toBeGreaterThan(2);
      expect((await pageOf(path, '')).body, `${path}: 20 by default`).toEqual(whole.body);
      for (const limit of [1, 2]) {
        const walked = await walkPages(limit, async (cursor) => {
          const res = await pageOf(path, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          expect(res.body.degraded).toBe(false);
          if (path.includes('recommendations')) expect(res.body.strategy).toBe(whole.body.strategy);
          return res.body;
        });
        expect(walked, `${path}, limit ${limit}`).toEqual(whole.body.items);
      }
    }
  });

  it('refuses a malformed cursor, or one of another list, with 400 validation_failed', async () => {
    // A deals cursor (dropPercent, productId) and an interests cursor (weight, dimension, value, source).
    const others = [[12.5, products.Boots!], [0.9, 'color', 'red', 'declared']];
    for (const path of rankedLists()) {
      for (const cursor of [...malformedCursors(), ...others.map((key) => malformedCursors(key).at(-1)!)]) {
        const res = await pageOf(path, `limit=2&cursor=${encodeURIComponent(cursor)}`);
        expect([res.status, res.body.error?.code, res.body.error?.details?.[0]?.path], `${path} ${cursor}`).toEqual([400, 'validation_failed', 'query.cursor']);
      }
    }
  });

  it('finds similar products by co-purchase and shared traits', async () => {
    const { call, alice } = shop;
    const res = await call('GET', `/api/v1/products/${products.Boots}/similar`, { token: alice.token });
    expect(res.status).toBe(200);
    const items = res.body.items as Item[];
    expect(names(items)[0]).toBe('Laces');
    expect(items[0]!.reasons[0]).toMatchObject({ kind: 'co_purchase', productId: products.Boots });
    const hat = items.find((i) => i.product.name === 'Felt hat');
    expect(hat?.reasons).toContainEqual({ kind: 'trait', detail: 'Same brand: Acme', trait: { dimension: 'brand', value: 'Acme' } });
    expect(names(items)).not.toContain('Sold out');
    expect((await call('GET', `/api/v1/products/no-such/similar`, { token: alice.token })).status).toBe(404);
  });

  it('rebuilds the graph from the store on request, with progress, for admins only', async () => {
    const { call, tenant, alice } = shop;
    expect((await call('POST', '/api/v1/admin/graph/rebuild', { token: alice.token })).status).toBe(403);
    const before = (await recommend(alice, alice.id)).body.items;
    const started = await call('POST', '/api/v1/admin/graph/rebuild', { token: tenant.ownerToken });
    expect([200, 202]).toContain(started.status);
    expect(started.headers.get('location')).toBe(`/api/v1/admin/graph/rebuilds/${started.body.id}`);
    const job = await eventually(
      async () => (await call('GET', `/api/v1/admin/graph/rebuilds/${started.body.id}`, { token: tenant.ownerToken })).body,
      (body) => body.status !== 'running',
      'the rebuild to finish',
    );
    expect(job.status).toBe('succeeded');
    // 8 (buyer, product) pairs; Dave declared interests, the three buyers have inferred ones.
    expect(job.progress).toEqual({ phase: 'done', products: 7, purchases: 8, users: 4, skipped: 0 });
    expect((await recommend(alice, alice.id)).body.items).toEqual(before);
    const other = await registerCompany(call, 'Other');
    expect((await call('GET', `/api/v1/admin/graph/rebuilds/${started.body.id}`, { token: other.ownerToken })).status).toBe(404);
  });
});

describe('the embedded graph on PGlite', () => {
  it('answers the same after a restart: it is rebuilt from the store before the API serves', async () => {
    const db = await openTestDatabase('pglite');
    try {
      const first = await startTestApp({ store: 'pglite', database: db });
      const call = httpClient(first.baseUrl);
      const tenant = await registerCompany(call);
      const buyer = await addMember(call, tenant, 'customer');
      const other = await addMember(call, tenant, 'customer');
      const ids: string[] = [];
      for (const name of ['Kettle', 'Teapot', 'Cups']) {
        const res = await call('POST', '/api/v1/products', { token: tenant.ownerToken, body: { sku: name, name, tags: ['tea'], price: eur(1500), stock: 9 } });
        ids.push(res.body.id as string);
      }
      const pay = async (member: Member, productIds: string[]) => {
        const placed = await call('POST', '/api/v1/orders', { token: member.token, body: { items: productIds.map((productId) => ({ productId, quantity: 1 })) } });
        await call('POST', `/api/v1/orders/${placed.body.id}/transitions`, { token: tenant.ownerToken, body: { to: 'paid' } });
      };
      await pay(other, ids);
      await pay(buyer, [ids[0]!]);
      await first.settle();
      const path = `/api/v1/users/${buyer.id}/recommendations?strategy=collaborative`;
      const before = await call('GET', path, { token: buyer.token });
      // Equal scores: the tie-break is by (random) id, so the names are compared as a set.
      expect((before.body.items as Item[]).map((i) => i.product.name).sort()).toEqual(['Cups', 'Teapot']);
      await first.close();

      const second = await startTestApp({ store: 'pglite', database: db });
      try {
        const after = await httpClient(second.baseUrl)('GET', path, { token: buyer.token });
        expect([after.status, after.body]).toEqual([200, before.body]);
      } finally {
        await second.close();
      }
    } finally {
      await db.close();
    }
  });
});
