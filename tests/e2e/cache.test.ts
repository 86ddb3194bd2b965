// SPEC §3.6 over HTTP with the embedded LRU cache: product reads, search pages and
// recommendations are served again from the cache, and every write that changes them makes the
// next read fresh, never stale. The figures come from GET /admin/cache/stats, which counts every
// cache read of the process: each test lets the outbox go idle (its consumers invalidate too)
// and compares the figures taken around its own requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_TTL_MS } from '../../application/cache/cache-keys';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import type { Call } from '../support/http-client';
import { startShop, type Shop } from '../support/shop';
import { uniqueSlug } from '../support/unique';

interface Stats {
  hits: number;
  misses: number;
  hitRatio: number;
  keys: number;
  memoryBytes: number | null;
  adapter: string;
  reachable: boolean;
}
interface Product {
  id: string;
  name: string;
  price: { amountCents: number; currency: string };
  stock: number;
}
interface Item {
  product: Product;
  score: number;
}

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('cache over HTTP [embedded LRU]', () => {
  let shop: Shop;
  let call: Call;
  let tenant: Tenant;
  let staff: Member;
  let alice: Member;

  beforeAll(async () => {
    shop = await startShop();
    ({ call, tenant, staff, alice } = shop);
  });
  afterAll(() => shop.app.close());

  const stats = async (token = tenant.ownerToken): Promise<Stats> => {
    const res = await call('GET', '/api/v1/admin/cache/stats', { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Stats;
  };

  /** Starts counting once the outbox is idle; the returned function tells what changed since. */
  const counting = async () => {
    await shop.app.settle();
    const start = await stats();
    return async () => {
      const now = await stats();
      return { hits: now.hits - start.hits, misses: now.misses - start.misses, keys: now.keys - start.keys };
    };
  };

  const create = async (extra: Record<string, unknown> = {}, token = staff.token): Promise<Product> => {
    const sku = uniqueSlug('sku');
    const res = await call('POST', '/api/v1/products', { token, body: { sku, name: `Product ${sku}`, price: eur(2000), stock: 10, ...extra } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Product;
  };
  const read = async (id: string, token = alice.token): Promise<Product> => {
    const res = await call('GET', `/api/v1/products/${id}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Product;
  };
  const search = async (query: string, token = alice.token): Promise<string[]> => {
    const res = await call('GET', `/api/v1/products?${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as Product[]).map((p) => p.name);
  };
  const setPriceAs = async (token: string, id: string, amountCents: number) => {
    const res = await call('PUT', `/api/v1/products/${id}/price`, { token, body: { price: eur(amountCents) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const setPrice = (id: string, amountCents: number) => setPriceAs(staff.token, id, amountCents);
  const patch = async (id: string, body: Record<string, unknown>) => {
    const res = await call('PATCH', `/api/v1/products/${id}`, { token: staff.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  describe('product reads', () => {
    it('serves the second read from the cache, and the read right after a price change at the new price', async () => {
      const product = await create();
      const changes = await counting();
      expect((await read(product.id)).price).toEqual(eur(2000));
      expect((await read(product.id)).price).toEqual(eur(2000));
      expect(await changes()).toEqual({ hits: 1, misses: 1, keys: 1 });

      // No settle: the writer drops the entry before it answers, so the client reads its own write.
      await setPrice(product.id, 1500);
      expect((await read(product.id)).price).toEqual(eur(1500));
      expect(await changes()).toMatchObject({ hits: 1, misses: 2 });

      // Once the consumers have passed (they may drop the entry again), the new price is cached.
      const settled = await counting();
      expect((await read(product.id)).price).toEqual(eur(1500));
      expect((await read(product.id)).price).toEqual(eur(1500));
      const { hits, misses } = await settled();
      expect(hits + misses).toBe(2);
      expect(hits).toBeGreaterThanOrEqual(1);
    });

    it('answers a cached read with the same JSON, as JSON, as the read that filled the cache', async () => {
      const product = await create();
      const changes = await counting();
      const [filled, cached] = [await call('GET', `/api/v1/products/${product.id}`, { token: alice.token }), await call('GET', `/api/v1/products/${product.id}`, { token: alice.token })];
      expect(await changes()).toEqual({ hits: 1, misses: 1, keys: 1 });
      expect(cached.status).toBe(200);
      expect(cached.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(cached.headers.get('content-type')).toBe(filled.headers.get('content-type'));
      expect(cached.body).toEqual(filled.body);
    });

    it('shows a stock update and an order\'s stock decrement on the next read', async () => {
      const product = await create({ stock: 10 });
      const changes = await counting();
      await read(product.id);
      expect((await read(product.id)).stock).toBe(10);
      expect(await changes()).toMatchObject({ hits: 1, misses: 1 });

      await patch(product.id, { stock: 7 });
      expect((await read(product.id)).stock).toBe(7);

      const order = await call('POST', '/api/v1/orders', { token: alice.token, body: { items: [{ productId: product.id, quantity: 3 }] } });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      expect((await read(product.id)).stock).toBe(4);
      await shop.app.settle();
      expect((await read(product.id)).stock).toBe(4);
    });

    it('shows a rename and a withdrawal (archive) on the next read', async () => {
      const product = await create({ name: 'Old name' });
      const changes = await counting();
      await read(product.id);
      expect((await read(product.id)).name).toBe('Old name');
      expect(await changes()).toMatchObject({ hits: 1, misses: 1 });
      await patch(product.id, { name: 'New name' });
      expect((await read(product.id)).name).toBe('New name');

      await shop.app.settle();
      expect((await read(product.id)).name).toBe('New name');

      const archived = await call('DELETE', `/api/v1/products/${product.id}`, { token: staff.token });
      expect(archived.status).toBe(204);
      // Customers see active products only: a cached active copy must not leak past the archive.
      const res = await call('GET', `/api/v1/products/${product.id}`, { token: alice.token });
      expect([res.status, res.body.error?.code]).toEqual([404, 'not_found']);
    });

    it('computes a cold product once for 20 concurrent reads', async () => {
      const product = await create();
      const changes = await counting();
      const answers = await Promise.all(Array.from({ length: 20 }, () => call('GET', `/api/v1/products/${product.id}`, { token: alice.token })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
      // One cache read missed and stored the value; every other request either joined that compute
      // (no cache read at all) or arrived after it and hit. In-process, a request runs from cache
      // read to store without waiting on I/O, so the requests hardly overlap and this cannot tell a
      // single flight from none; api-with-redis.test.ts can, as there each cache read is a round trip.
      const { hits, misses, keys } = await changes();
      expect({ misses, keys }).toEqual({ misses: 1, keys: 1 });
      expect(hits).toBeLessThanOrEqual(19);
      expect((await read(product.id)).id).toBe(product.id);
      expect(await changes()).toMatchObject({ hits: hits + 1, misses: 1 });
    });

    it('does not store "not found" answers', async () => {
      const changes = await counting();
      for (let i = 0; i < 2; i += 1) {
        const res = await call('GET', '/api/v1/products/no-such-product', { token: alice.token });
        expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
      }
      expect(await changes()).toEqual({ hits: 0, misses: 2, keys: 0 });
    });
  });

  describe('search pages', () => {
    it('serves a repeated search from the cache and shows a rename in the next search', async () => {
      const word = uniqueSlug('aurora').replace(/-/g, '');
      const other = uniqueSlug('borealis').replace(/-/g, '');
      const product = await create({ name: `Lamp ${word}` });
      const changes = await counting();
      expect(await search(`q=${word}`)).toEqual([`Lamp ${word}`]);
      expect(await search(`q=${word}`)).toEqual([`Lamp ${word}`]);
      expect(await changes()).toEqual({ hits: 1, misses: 1, keys: 1 });

      await patch(product.id, { name: `Lamp ${other}` });
      expect(await search(`q=${word}`)).toEqual([]);
      expect(await search(`q=${other}`)).toEqual([`Lamp ${other}`]);
    });

    it('moves a product in and out of a price filter on the next search after a price change', async () => {
      const brand = uniqueSlug('brand');
      const cheap = await create({ brand, name: 'Cheap one', price: eur(900) });
      const dear = await create({ brand, name: 'Dear one', price: eur(5000) });
      const query = `brand=${brand}&maxPrice=1000&sort=price_asc`;
      const cached = await counting();
      expect(await search(query)).toEqual(['Cheap one']);
      expect(await search(query)).toEqual(['Cheap one']);
      expect(await cached()).toMatchObject({ hits: 1, misses: 1 });

      await setPrice(dear.id, 500);
      expect(await search(query)).toEqual(['Dear one', 'Cheap one']);
      await setPrice(cheap.id, 1200);
      expect(await search(query)).toEqual(['Dear one']);
      // A stock change moves it out of an in-stock filter.
      const inStock = `brand=${brand}&inStock=true&sort=price_asc`;
      const changes = await counting();
      expect(await search(inStock, staff.token)).toEqual(['Dear one', 'Cheap one']);
      expect(await search(inStock, staff.token)).toEqual(['Dear one', 'Cheap one']);
      expect(await changes()).toMatchObject({ hits: 1, misses: 1 });
      await patch(cheap.id, { stock: 0 });
      expect(await search(inStock, staff.token)).toEqual(['Dear one']);
    });
  });

  describe('recommendations', () => {
    let shopOwner: string;
    let boutique: Tenant;
    const products: Record<string, string> = {};

    const recommend = async (member: Member, query = '') => {
      const res = await call('GET', `/api/v1/users/${member.id}/recommendations${query}`, { token: member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.degraded).toBe(false);
      return res.body.items as Item[];
    };
    const names = (items: Item[]) => items.map((i) => i.product.name);
    const buyPaid = async (buyer: Member, ...productNames: string[]) => {
      const order = await call('POST', '/api/v1/orders', {
        token: buyer.token,
        body: { items: productNames.map((n) => ({ productId: products[n], quantity: 1 })) },
      });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      const paid = await call('POST', `/api/v1/orders/${order.body.id}/transitions`, { token: shopOwner, body: { to: 'paid' } });
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      await shop.app.settle();
    };

    beforeAll(async () => {
      // A company of its own, so that no product of the other tests shows among the best sellers.
      boutique = await registerCompany(call, 'Boutique');
      shopOwner = boutique.ownerToken;
      for (const [name, status] of [['Boots', 'active'], ['Laces', 'active'], ['Sneakers', 'active'], ['Prototype', 'draft']] as const) {
        const res = await call('POST', '/api/v1/products', {
          token: shopOwner,
          body: { sku: name.toUpperCase(), name, price: eur(2000), stock: 50, status },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        products[name] = res.body.id;
      }
      const bob = await addMember(call, boutique, 'customer');
      const carol = await addMember(call, boutique, 'customer');
      await buyPaid(bob, 'Boots', 'Laces', 'Sneakers');
      await buyPaid(carol, 'Boots', 'Laces');
    });

    it('caches a user\'s list, keeps it through an unrelated price change and refreshes it when a listed product\'s price changes', async () => {
      const dan = await addMember(call, boutique, 'customer');
      const changes = await counting();
      const first = await recommend(dan);
      expect(new Set(names(first))).toEqual(new Set(['Boots', 'Laces', 'Sneakers']));
      expect(await recommend(dan)).toEqual(first);
      expect(await changes()).toEqual({ hits: 1, misses: 1, keys: 1 });

      // The draft is in no list: its price change leaves Dan's list cached.
      await setPriceAs(shopOwner, products.Prototype!, 100);
      await shop.app.settle();
      expect(await recommend(dan)).toEqual(first);
      expect(await changes()).toMatchObject({ hits: 2, misses: 1 });

      await setPriceAs(shopOwner, products.Boots!, 2500);
      const after = await recommend(dan);
      expect(after.find((i) => i.product.id === products.Boots)?.product.price).toEqual(eur(2500));
      expect(await changes()).toMatchObject({ hits: 2, misses: 2 });
    });

    it('drops a user\'s cached list when they buy: the new purchase leads to new items and the bought product leaves', async () => {
      const erin = await addMember(call, boutique, 'customer');
      // Nothing bought yet: nothing bought with it. The empty list is cached and names no product.
      expect(await recommend(erin, '?strategy=collaborative')).toEqual([]);
      const blended = names(await recommend(erin));
      expect(blended).toContain('Laces');
      const changes = await counting();
      expect(await recommend(erin, '?strategy=collaborative')).toEqual([]);
      expect(await changes()).toEqual({ hits: 1, misses: 0, keys: 0 });

      await buyPaid(erin, 'Boots');
      expect(names(await recommend(erin, '?strategy=collaborative'))).toEqual(['Laces', 'Sneakers']);
      expect(names(await recommend(erin))).not.toContain('Boots');
      expect(await changes()).toMatchObject({ hits: 1, misses: 2 });

      await buyPaid(erin, 'Laces');
      expect(names(await recommend(erin))).not.toContain('Laces');
      expect(names(await recommend(erin, '?strategy=collaborative'))).toEqual(['Sneakers']);
    });

    it('leaves other users\' cached lists alone when one user buys', async () => {
      const fay = await addMember(call, boutique, 'customer');
      const gus = await addMember(call, boutique, 'customer');
      await recommend(gus, '?strategy=collaborative');
      const changes = await counting();
      await buyPaid(fay, 'Sneakers');
      expect(await recommend(gus, '?strategy=collaborative')).toEqual([]);
      expect(await changes()).toMatchObject({ hits: 1, misses: 0 });
    });
  });

  describe('cache administration', () => {
    it('lets admins and owners read the figures, and refuses customers and staff with 403', async () => {
      const admin = await addMember(call, tenant, 'admin');
      const figures = await stats(admin.token);
      expect(figures).toEqual({
        hits: expect.any(Number), misses: expect.any(Number), hitRatio: expect.any(Number), keys: expect.any(Number),
        memoryBytes: expect.any(Number), adapter: 'memory', reachable: true,
      });
      expect(figures.hitRatio).toBeCloseTo(figures.hits / (figures.hits + figures.misses), 3);
      expect((await stats(tenant.ownerToken)).adapter).toBe('memory');
      for (const member of [alice, staff]) {
        const read = await call('GET', '/api/v1/admin/cache/stats', { token: member.token });
        expect([read.status, read.body.error?.code]).toEqual([403, 'forbidden']);
        const drop = await call('DELETE', '/api/v1/admin/cache?tag=all', { token: member.token });
        expect([drop.status, drop.body.error?.code]).toEqual([403, 'forbidden']);
      }
      expect((await call('GET', '/api/v1/admin/cache/stats')).status).toBe(401);
    });

    it('refuses a missing or unknown tag with 400 validation_failed', async () => {
      for (const query of ['', '?tag=', '?tag=everything', '?tag=product:', '?tag=product:a:b', '?tag=users:x', '?tag=all&extra=1']) {
        const res = await call('DELETE', `/api/v1/admin/cache${query}`, { token: tenant.ownerToken });
        expect(res.status, query).toBe(400);
        expect(res.body, query).toEqual({ error: { code: 'validation_failed', message: expect.any(String), details: expect.any(Array) } });
      }
      const res = await call('DELETE', '/api/v1/admin/cache?tag=everything', { token: tenant.ownerToken });
      expect(res.body.error.details).toEqual([{ path: 'tag', message: expect.any(String) }]);
    });

    it('empties one company\'s entries by tag, says how many went, and never touches another company\'s', async () => {
      const first = await registerCompany(call, 'First');
      const second = await registerCompany(call, 'Second');
      const make = async (owner: string, name: string) => (await create({ name }, owner)).id;
      const a1 = await make(first.ownerToken, 'First one');
      const a2 = await make(first.ownerToken, 'First two');
      const b1 = await make(second.ownerToken, 'Second one');
      const owners = { [a1]: first.ownerToken, [a2]: first.ownerToken, [b1]: second.ownerToken };
      const readAs = (id: string) => read(id, owners[id]);

      let changes = await counting();
      for (const id of [a1, a2, b1]) await readAs(id);
      await search('q=one', first.ownerToken);
      await search('q=one', second.ownerToken);
      expect(await changes()).toEqual({ hits: 0, misses: 5, keys: 5 });

      // First's price change drops First's product and searches only.
      await setPriceAs(first.ownerToken, a1, 100);
      changes = await counting();
      expect((await readAs(b1)).name).toBe('Second one');
      expect(await search('q=one', second.ownerToken)).toEqual(['Second one']);
      await readAs(a2);
      expect(await changes()).toEqual({ hits: 3, misses: 0, keys: 0 });

      // An id of the other company is not reachable through a tag either.
      const foreign = await call('DELETE', `/api/v1/admin/cache?tag=${encodeURIComponent(`product:${b1}`)}`, { token: first.ownerToken });
      expect([foreign.status, foreign.body]).toEqual([200, { tag: `product:${b1}`, removed: 0 }]);
      const product = await call('DELETE', `/api/v1/admin/cache?tag=${encodeURIComponent(`product:${a2}`)}`, { token: first.ownerToken });
      expect([product.status, product.body]).toEqual([200, { tag: `product:${a2}`, removed: 1 }]);

      await readAs(a1);
      await readAs(a2);
      await search('q=one', first.ownerToken);
      changes = await counting();
      const all = await call('DELETE', '/api/v1/admin/cache?tag=all', { token: first.ownerToken });
      expect([all.status, all.body]).toEqual([200, { tag: 'all', removed: 3 }]);
      expect(await changes()).toEqual({ hits: 0, misses: 0, keys: -3 });
      const again = await call('DELETE', '/api/v1/admin/cache?tag=all', { token: first.ownerToken });
      expect(again.body).toEqual({ tag: 'all', removed: 0 });

      changes = await counting();
      await readAs(b1);
      await readAs(a1);
      expect(await changes()).toEqual({ hits: 1, misses: 1, keys: 1 });

      const searches = await call('DELETE', '/api/v1/admin/cache?tag=search', { token: second.ownerToken });
      expect(searches.body).toEqual({ tag: 'search', removed: 1 });
    });

  });

  // Last: it moves the app's clock past the product TTL (tokens issued above outlive it).
  describe('expiry', () => {
    it('forgets a cached read once its TTL has passed on the app\'s clock, and not before', async () => {
      const product = await create();
      await read(product.id);
      const changes = await counting();
      shop.app.clock.advance(CACHE_TTL_MS.product);
      await read(product.id);
      expect(await changes()).toEqual({ hits: 1, misses: 0, keys: 0 });
      shop.app.clock.advance(1);
      await read(product.id);
      expect(await changes()).toMatchObject({ hits: 1, misses: 1 });
    });
  });
});
