// SPEC §3.6 with REDIS_URL set: the API caches in a real Redis (under a key prefix of its own,
// deleted afterwards), replicas share entries, figures and invalidations through it, and with
// Redis unreachable every read still answers correctly, uncached. That the client refuses calls
// at once rather than waiting for a server is the adapter's own test (tests/contracts/cache.test.ts).
import type { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, PASSWORD, registerCompany, type Member, type Tenant } from '../support/builders';
import { eventually } from '../support/eventually';
import { httpClient, type Call } from '../support/http-client';
import {
  TEST_REDIS_CLUSTER_URL,
  TEST_REDIS_URL,
  adminClient,
  clusterAdminClient,
  deleteKeysUnder,
  deleteKeysUnderInCluster,
  keysUnderInCluster,
  redisAvailable,
  redisClusterAvailable,
  uniqueKeyPrefix,
} from '../support/redis';
import { startTestApp, type TestApp } from '../support/test-app';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueSlug } from '../support/unique';

interface Product {
  id: string;
  name: string;
  price: { amountCents: number; currency: string };
}
interface Item {
  product: Product;
}
interface Adapter {
  name: string;
  critical: boolean;
  reachable: boolean;
}

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const UNREACHABLE_REDIS = 'redis://127.0.0.1:1';

const available = await redisAvailable();

/** The calls every suite here makes, against one running app. */
function api(call: Call) {
  return {
    async create(token: string, extra: Record<string, unknown> = {}): Promise<Product> {
      const sku = uniqueSlug('sku');
      const res = await call('POST', '/api/v1/products', { token, body: { sku, name: `Product ${sku}`, price: eur(2000), stock: 50, ...extra } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as Product;
    },
    async read(token: string, id: string): Promise<Product> {
      const res = await call('GET', `/api/v1/products/${id}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as Product;
    },
    async search(token: string, query: string): Promise<string[]> {
      const res = await call('GET', `/api/v1/products?${query}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as Product[]).map((p) => p.name);
    },
    async setPrice(token: string, id: string, amountCents: number): Promise<void> {
      const res = await call('PUT', `/api/v1/products/${id}/price`, { token, body: { price: eur(amountCents) } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
    async stats(token: string) {
      const res = await call('GET', '/api/v1/admin/cache/stats', { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { hits: number; misses: number; keys: number; memoryBytes: number | null; adapter: string; reachable: boolean };
    },
    async cacheAdapter(): Promise<Adapter | undefined> {
      const res = await call('GET', '/ready');
      return (res.body.adapters as Adapter[]).find((a) => a.name === 'cache:redis');
    },
  };
}

describe.skipIf(!available)('the API on a real Redis cache', () => {
  const prefix = uniqueKeyPrefix();
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let customer: Member;
  let redis: Redis;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    app = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix } });
    call = httpClient(app.baseUrl);
    http = api(call);
    tenant = await registerCompany(call);
    customer = await addMember(call, tenant, 'customer');
    redis = adminClient();
    await redis.connect();
    // The app connects in the background; until then it answers uncached.
    await eventually(() => http.cacheAdapter(), (a) => a?.reachable === true, 'the app to reach Redis');
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    if (available) await deleteKeysUnder(prefix);
  });

  // A company's keys carry its scope as hash tag (adapters/redis/redis-cache.ts): `P{c:<id>}e:<key>`.
  const entryKey = (companyId: string, rest: string) => `${prefix}{c:${companyId}}e:c:${companyId}:${rest}`;
  const keysMatching = async (pattern: string): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
    return found;
  };
  /** Starts counting once the outbox is idle; the returned function tells what changed since. */
  const counting = async () => {
    await app.settle();
    const start = await http.stats(tenant.ownerToken);
    return async () => {
      const now = await http.stats(tenant.ownerToken);
      return { hits: now.hits - start.hits, misses: now.misses - start.misses, keys: now.keys - start.keys };
    };
  };

  it('lists cache:redis as reachable on /ready', async () => {
    const res = await call('GET', '/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
    expect(res.body.adapters).toContainEqual({ name: 'cache:redis', critical: false, reachable: true });
  });

  it('keeps a product read in Redis under the prefix, serves it from there and drops it when the price changes', async () => {
    const product = await http.create(tenant.ownerToken);
    const key = entryKey(tenant.companyId, `product:${product.id}`);
    const changes = await counting();
    expect(await redis.exists(key)).toBe(0);

    expect((await http.read(customer.token, product.id)).price).toEqual(eur(2000));
    expect(await redis.exists(key)).toBe(1);
    expect(JSON.parse((await redis.hget(key, 'v')) ?? 'null')).toMatchObject({ productId: product.id, price: eur(2000) });
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    expect((await http.read(customer.token, product.id)).price).toEqual(eur(2000));
    expect(await changes()).toEqual({ hits: 1, misses: 1, keys: 1 });

    // The writer drops the entry before it answers.
    await http.setPrice(tenant.ownerToken, product.id, 1500);
    expect(await redis.exists(key)).toBe(0);
    expect((await http.read(customer.token, product.id)).price).toEqual(eur(1500));
    expect(await changes()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('refreshes a cached search page and a cached recommendation list on a price change', async () => {
    const word = uniqueSlug('kettle').replace(/-/g, '');
    const product = await http.create(tenant.ownerToken, { name: `Kettle ${word}` });
    await app.settle();
    const query = `q=${word}&maxPrice=2500`;
    expect(await http.search(customer.token, query)).toEqual([`Kettle ${word}`]);
    expect(await keysMatching(entryKey(tenant.companyId, 'search:*'))).toHaveLength(1);
    const recommend = async () => {
      const res = await call('GET', `/api/v1/users/${customer.id}/recommendations?strategy=popular&limit=50`, { token: customer.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as Item[]).find((i) => i.product.id === product.id)?.product.price;
    };
    expect(await recommend()).toEqual(eur(2000));
    expect(await keysMatching(entryKey(tenant.companyId, `recs:${customer.id}:*`))).toHaveLength(1);

    await http.setPrice(tenant.ownerToken, product.id, 3000);
    expect(await keysMatching(entryKey(tenant.companyId, 'search:*'))).toEqual([]);
    expect(await http.search(customer.token, query)).toEqual([]);
    expect(await recommend()).toEqual(eur(3000));
  });

  it('reports the figures Redis holds for the prefix', async () => {
    await app.settle();
    const stats = await http.stats(tenant.ownerToken);
    // Counted per company (partition), summed over the registry of partitions.
    const partitions = await redis.smembers(`${prefix}partitions`);
    const [seconds, micros] = await redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    let [hits, misses, live] = [0, 0, 0];
    for (const partition of partitions) {
      const counts = await redis.hmget(`${prefix}{${partition || '_'}}stats`, 'hits', 'misses');
      hits += Number(counts[0] ?? 0);
      misses += Number(counts[1] ?? 0);
      live += await redis.zcount(`${prefix}{${partition || '_'}}live`, `(${now}`, '+inf');
    }
    expect(stats).toEqual({
      hits: Number(hits), misses: Number(misses), hitRatio: expect.any(Number), keys: live,
      memoryBytes: expect.any(Number), adapter: 'redis', reachable: true,
    });
    expect(stats.hits).toBeGreaterThan(0);
    expect(partitions).toContain(`c:${tenant.companyId}`);
    expect(stats.keys).toBe((await keysMatching(`${prefix}{*}e:*`)).length);
  });

  it('computes a cold product once for 20 concurrent reads, though each cache read is a round trip', async () => {
    const product = await http.create(tenant.ownerToken);
    const changes = await counting();
    // Open the client's connections first, so that the 20 requests reach the server together and
    // every one of them gets to the cache before Redis has answered the first (without the single
    // flight, each would miss: 20 misses).
    await Promise.all(Array.from({ length: 20 }, () => call('GET', '/health')));
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('GET', `/api/v1/products/${product.id}`, { token: customer.token })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    const { hits, misses, keys } = await changes();
    expect({ misses, keys }).toEqual({ misses: 1, keys: 1 });
    expect(hits).toBeLessThanOrEqual(19);
    expect((await http.read(customer.token, product.id)).id).toBe(product.id);
    expect(await changes()).toMatchObject({ hits: hits + 1, misses: 1 });
  });

  it('empties the company\'s entries in Redis on DELETE /admin/cache?tag=all, and no other company\'s', async () => {
    const other = await registerCompany(call, 'Other');
    const theirs = await http.create(other.ownerToken);
    const mine = await http.create(tenant.ownerToken);
    await app.settle();
    await http.read(other.ownerToken, theirs.id);
    await http.read(tenant.ownerToken, mine.id);
    const held = (await keysMatching(entryKey(tenant.companyId, '*'))).length;
    expect(held).toBeGreaterThan(0);

    const res = await call('DELETE', '/api/v1/admin/cache?tag=all', { token: tenant.ownerToken });
    expect([res.status, res.body]).toEqual([200, { tag: 'all', removed: held }]);
    expect(await keysMatching(entryKey(tenant.companyId, '*'))).toEqual([]);
    expect(await redis.exists(entryKey(other.companyId, `product:${theirs.id}`))).toBe(1);
  });
});

/** The default of LOGIN_MAX_ATTEMPTS (composition/config.ts). */
const LOGIN_MAX_ATTEMPTS = 10;

const replicasAvailable = available && (await postgresAvailable());

describe.skipIf(!replicasAvailable)('two API replicas over one PostgreSQL store and one Redis prefix', () => {
  const prefix = uniqueKeyPrefix();
  let db: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    first = await startTestApp({ database: db, env });
    second = await startTestApp({ database: db, env });
    for (const app of [first, second]) {
      await eventually(() => api(httpClient(app.baseUrl)).cacheAdapter(), (a) => a?.reachable === true, 'the replica to reach Redis');
    }
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await db?.close();
    if (replicasAvailable) await deleteKeysUnder(prefix);
  });

  it('share entries and figures, and a price change on one replica is read at once on the other', async () => {
    const a = api(httpClient(first.baseUrl));
    const b = api(httpClient(second.baseUrl));
    const tenant = await registerCompany(httpClient(first.baseUrl));
    const product = await a.create(tenant.ownerToken);
    await first.settle();
    await second.settle();

    const before = await a.stats(tenant.ownerToken);
    expect((await a.read(tenant.ownerToken, product.id)).price).toEqual(eur(2000));
    expect((await b.read(tenant.ownerToken, product.id)).price).toEqual(eur(2000));
    const shared = await b.stats(tenant.ownerToken);
    expect({ hits: shared.hits - before.hits, misses: shared.misses - before.misses }).toEqual({ hits: 1, misses: 1 });
    expect(await a.stats(tenant.ownerToken)).toMatchObject({ hits: shared.hits, misses: shared.misses, keys: shared.keys });

    await b.setPrice(tenant.ownerToken, product.id, 1200);
    expect((await a.read(tenant.ownerToken, product.id)).price).toEqual(eur(1200));
    expect((await b.read(tenant.ownerToken, product.id)).price).toEqual(eur(1200));
  });
});

const clusterAvailable = await redisClusterAvailable();

describe.skipIf(!clusterAvailable)('the API on a Redis Cluster (REDIS_CLUSTER=true)', () => {
  const prefix = uniqueKeyPrefix();
  let app: TestApp;
  let call: Call;
  let http: ReturnType<typeof api>;
  let cluster: Cluster;

  beforeAll(async () => {
    app = await startTestApp({ env: { REDIS_URL: TEST_REDIS_CLUSTER_URL, REDIS_CLUSTER: 'true', REDIS_KEY_PREFIX: prefix } });
    call = httpClient(app.baseUrl);
    http = api(call);
    cluster = await clusterAdminClient();
    await eventually(() => http.cacheAdapter(), (a) => a?.reachable === true, 'the app to reach the cluster');
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.quit();
    if (clusterAvailable) await deleteKeysUnderInCluster(prefix);
  });

  it('caches each company under its own hash tag, drops entries on a price change, and keeps the login limit there', async () => {
    const tenants = [await registerCompany(call), await registerCompany(call)];
    for (const tenant of tenants) {
      const product = await http.create(tenant.ownerToken);
      const key = `${prefix}{c:${tenant.companyId}}e:c:${tenant.companyId}:product:${product.id}`;
      expect((await http.read(tenant.ownerToken, product.id)).price).toEqual(eur(2000));
      expect(await cluster.exists(key)).toBe(1);
      await http.setPrice(tenant.ownerToken, product.id, 900);
      expect(await cluster.exists(key)).toBe(0);
      expect((await http.read(tenant.ownerToken, product.id)).price).toEqual(eur(900));
    }
    expect(await http.stats(tenants[0]?.ownerToken ?? '')).toMatchObject({ hits: 0, misses: 4, keys: 2, reachable: true });

    const wrong = { companySlug: tenants[0]?.slug, email: tenants[0]?.ownerEmail, password: 'not the password' };
    expect((await call('POST', '/api/v1/auth/login', { body: wrong })).status).toBe(401);
    expect(await keysUnderInCluster(`${prefix}rl:login:`, cluster)).toHaveLength(1);
  });
});

describe('the API with Redis unreachable', () => {
  let app: TestApp;
  let call: Call;
  let http: ReturnType<typeof api>;
  let tenant: Tenant;
  let alice: Member;
  const products: Record<string, string> = {};

  const recommend = async (query: string) => {
    const res = await call('GET', `/api/v1/users/${alice.id}/recommendations${query}`, { token: alice.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.degraded).toBe(false);
    return (res.body.items as Item[]).map((i) => i.product);
  };
  const buyPaid = async (buyer: Member, ...names: string[]) => {
    const order = await call('POST', '/api/v1/orders', { token: buyer.token, body: { items: names.map((n) => ({ productId: products[n], quantity: 1 })) } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const paid = await call('POST', `/api/v1/orders/${order.body.id}/transitions`, { token: tenant.ownerToken, body: { to: 'paid' } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    await app.settle();
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { REDIS_URL: UNREACHABLE_REDIS, REDIS_KEY_PREFIX: uniqueKeyPrefix() } });
    call = httpClient(app.baseUrl);
    http = api(call);
    tenant = await registerCompany(call);
    alice = await addMember(call, tenant, 'customer');
    const bob = await addMember(call, tenant, 'customer');
    for (const name of ['Boots', 'Laces', 'Sneakers']) products[name] = (await http.create(tenant.ownerToken, { name })).id;
    await buyPaid(bob, 'Boots', 'Laces', 'Sneakers');
  });
  afterAll(() => app?.close());

  it('answers product reads correctly, before and after a price change', async () => {
    const id = products.Sneakers!;
    for (let i = 0; i < 50; i += 1) expect((await http.read(alice.token, id)).price).toEqual(eur(2000));
    await http.setPrice(tenant.ownerToken, id, 1800);
    for (let i = 0; i < 5; i += 1) expect((await http.read(alice.token, id)).price).toEqual(eur(1800));
  });

  it('answers searches correctly, following a rename', async () => {
    const word = uniqueSlug('lamp').replace(/-/g, '');
    expect(await http.search(alice.token, `q=${word}`)).toEqual([]);
    const res = await call('PATCH', `/api/v1/products/${products.Laces}`, { token: tenant.ownerToken, body: { name: `Laces ${word}` } });
    expect(res.status).toBe(200);
    expect(await http.search(alice.token, `q=${word}`)).toEqual([`Laces ${word}`]);
  });

  it('answers recommendations correctly, following purchases and price changes', async () => {
    expect(await recommend('?strategy=collaborative')).toEqual([]);
    await buyPaid(alice, 'Boots');
    const after = await recommend('?strategy=collaborative');
    expect(after.map((p) => p.id).sort()).toEqual([products.Laces, products.Sneakers].sort());
    await http.setPrice(tenant.ownerToken, products.Laces!, 900);
    expect((await recommend('?strategy=collaborative')).find((p) => p.id === products.Laces)?.price).toEqual(eur(900));
    expect((await recommend('')).map((p) => p.id)).not.toContain(products.Boots);
  });

  it('stays ready on /ready with status degraded, naming cache:redis unreachable', async () => {
    const res = await call('GET', '/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.adapters).toContainEqual({ name: 'cache:redis', critical: false, reachable: false, error: expect.any(String) });
  });

  it('reports the cache as unreachable on GET /admin/cache/stats and refuses DELETE /admin/cache with 503', async () => {
    const stats = await call('GET', '/api/v1/admin/cache/stats', { token: tenant.ownerToken });
    expect([stats.status, stats.body]).toEqual([
      200,
      { hits: 0, misses: 0, hitRatio: 0, keys: 0, memoryBytes: null, adapter: 'redis', reachable: false },
    ]);
    const drop = await call('DELETE', '/api/v1/admin/cache?tag=all', { token: tenant.ownerToken });
    expect(drop.status).toBe(503);
    expect(drop.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(drop.headers.get('retry-after')).toBe('5');
  });

  it('still limits logins, counted in this process, and answers every attempt without a 5xx', async () => {
    const member = await addMember(call, tenant, 'customer');
    const wrong = { companySlug: tenant.slug, email: member.email, password: 'not the password' };
    const answers: number[] = [];
    for (let attempt = 0; attempt < LOGIN_MAX_ATTEMPTS; attempt++) answers.push((await call('POST', '/api/v1/auth/login', { body: wrong })).status);
    expect(answers).toEqual(Array(LOGIN_MAX_ATTEMPTS).fill(401));
    const refused = await call('POST', '/api/v1/auth/login', { body: { ...wrong, password: PASSWORD } });
    expect([refused.status, refused.body.error?.code]).toEqual([429, 'rate_limited']);
  });
});
