// bench/http: req/s, p50 and p99 of a bare Koa route against the real product read and
// product search, in one run per target (SPEC §4: the product read, cache warm, should reach
// 60% of the bare route). Targets: `pglite` and `postgres` with the in-process LRU cache,
// `postgres+redis` with the Redis cache (BENCH_REDIS_URL, default redis://127.0.0.1:6379).
//
// The bare route is Koa and @koa/router serving that one route (Koa alone has no routes); Koa
// answering without a router is measured too, and the product read's ratio to it printed, so
// the routing's share stays visible. The three are measured in alternating rounds and each
// ratio is the median of the rounds' ratios: on a shared machine the speed of a whole run
// drifts by tens of percent, and alternating keeps that drift out of the comparison.
//
//   npm run bench:http -- [--seconds 10] [--rounds 3] [--connections 50] [--products 2000] [--targets pglite,postgres,postgres+redis]
import Router from '@koa/router';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import Koa from 'koa';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createApp, type App } from '../../composition/app';
import { loadConfig } from '../../composition/config';
import { TOKENS } from '../../composition/tokens';
import type { OutboxPump } from '../../adapters/system/outbox-pump';
import { createThrowawayDatabase } from '../support/throwaway-database';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    products: { type: 'string', default: '2000' },
    targets: { type: 'string', default: 'pglite,postgres,postgres+redis' },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Math.max(1, Number(args.rounds));
const CONNECTIONS = Number(args.connections);
const PRODUCTS = Number(args.products);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** SPEC §4: the warm product read against the bare route. */
const TARGET_RATIO = 0.6;

const PRODUCT_READ = 'GET /api/v1/products/:id';
const BARE_ROUTE = 'bare Koa route (same JSON)';

interface Row {
  readonly target: string;
  readonly route: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx answers plus timeouts and socket errors: anything but 0 makes the row suspect. */
  readonly failed: number;
  /** Against the bare route, when measured in alternating rounds with it. */
  readonly ratio?: number;
}

type Measurement = Omit<Row, 'target' | 'route' | 'ratio'>;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** The median round of each figure; failures are summed, since any one makes the row suspect. */
const medianOf = (runs: readonly Measurement[]): Measurement => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  failed: runs.reduce((sum, r) => sum + r.failed, 0),
});

async function measure(url: string, headers: Record<string, string> = {}): Promise<Measurement> {
  // The load comes from a worker thread, so the server under test keeps the main thread's core
  // to itself instead of sharing it with autocannon's own request work.
  const load = { url, connections: CONNECTIONS, headers, workers: 1 };
  await autocannon({ ...load, duration: 1 }); // warm-up
  const result = await autocannon({ ...load, duration: SECONDS });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors };
}

function listen(callback: RequestListener): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(callback).listen(0, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

/**
 * A bare Koa route answering the same JSON a product read answers: Koa and @koa/router with
 * that one route, nothing else. Koa alone has no routes; the API's own routing is measured
 * against this baseline, as everything else the product read does is.
 */
async function bareRoute(sample: unknown): Promise<{ url: string; close: () => void }> {
  const koa = new Koa();
  const router = new Router();
  router.get('/product', (ctx) => {
    ctx.body = sample;
  });
  koa.use(router.routes());
  const { server, port } = await listen(koa.callback());
  return { url: `http://127.0.0.1:${port}/product`, close: () => server.close() };
}

/** Koa answering the same JSON to any request, without a router: the floor under the bare route. */
async function plainKoa(sample: unknown): Promise<{ url: string; close: () => void }> {
  const koa = new Koa();
  koa.use((ctx) => {
    ctx.body = sample;
  });
  const { server, port } = await listen(koa.callback());
  return { url: `http://127.0.0.1:${port}/product`, close: () => server.close() };
}

async function seed(base: string): Promise<{ token: string; productId: string; sample: unknown }> {
  const post = async <T = unknown>(path: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const company = await post<{ tokens: { accessToken: string } }>('/api/v1/companies', {
    name: 'Bench', slug, owner: { email: `owner@${slug}.test`, password: 'bench-password', displayName: 'Bench' },
  });
  const token: string = company.tokens.accessToken;
  const words = ['running', 'trail', 'leather', 'canvas', 'sneaker', 'boot', 'jacket', 'wool', 'linen', 'denim'];
  for (let start = 0; start < PRODUCTS; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, PRODUCTS - start) }, (_, k) => {
      const i = start + k;
      return {
        sku: `SKU-${i}`,
        name: `${words[i % 10]} ${words[(i * 7) % 10]} ${i}`,
        description: `A ${words[(i * 3) % 10]} product number ${i}`,
        brand: `brand${i % 20}`,
        tags: [words[i % 10], words[(i + 5) % 10]],
        price: { amountCents: 1000 + (i % 500) * 10, currency: 'EUR' },
        stock: 100,
        status: 'active',
      };
    });
    await post('/api/v1/products/import', rows, token);
  }
  const list = (await (await fetch(`${base}/api/v1/products?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string }[] };
  const productId = list.items[0]?.id ?? '';
  const sample = await (await fetch(`${base}/api/v1/products/${productId}`, { headers: { authorization: `Bearer ${token}` } })).json();
  return { token, productId, sample };
}

async function startTarget(target: string): Promise<{ app: App; base: string; cleanup: () => Promise<void> }> {
  const logger = pino({ level: 'silent' });
  if (target === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cg-bench-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const app = await createApp({ config, store: 'database', jwtSecret: randomBytes(32).toString('hex'), logger });
    const port = await app.listen(0);
    return { app, base: `http://127.0.0.1:${port}`, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await createThrowawayDatabase('cg_bench');
  const { name } = database;
  // A key prefix of its own, so the run neither reads nor leaves anything else's entries.
  const redis = target === 'postgres+redis' ? { REDIS_URL, REDIS_KEY_PREFIX: `${name}:` } : {};
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '20', ...redis });
  const app = await createApp({ config, store: 'database', jwtSecret: randomBytes(32).toString('hex'), logger });
  const port = await app.listen(0);
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    base,
    cleanup: async () => {
      await database.drop();
      if (target === 'postgres+redis') await deleteRedisKeys(`${name}:`);
    },
  };
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const floors: { target: string; ratio: number }[] = [];
  for (const target of args.targets.split(',')) {
    console.error(`[${target}] starting and seeding ${PRODUCTS} products…`);
    const { app, base, cleanup } = await startTarget(target);
    try {
      const { token, productId, sample } = await seed(base);
      // The seed's events go through the in-process consumers (graph, cache, inference); measuring
      // while they drain would time them too.
      await app.container.get<OutboxPump>(TOKENS.OutboxPump).idle();
      const auth = { authorization: `Bearer ${token}` };
      const bare = await bareRoute(sample);
      const plain = await plainKoa(sample);
      try {
        console.error(`[${target}] measuring ${ROUNDS} alternating rounds of ${SECONDS}s per route with ${CONNECTIONS} connections…`);
        const plainRuns: Measurement[] = [];
        const bareRuns: Measurement[] = [];
        const readRuns: Measurement[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          plainRuns.push(await measure(plain.url));
          bareRuns.push(await measure(bare.url));
          readRuns.push(await measure(`${base}/api/v1/products/${productId}`, auth));
        }
        const against = (runs: readonly Measurement[]) => median(readRuns.map((run, i) => run.rps / (runs[i]?.rps ?? run.rps)));
        rows.push({ target, route: BARE_ROUTE, ...medianOf(bareRuns) });
        rows.push({ target, route: 'Koa without a router (same JSON)', ...medianOf(plainRuns), ratio: median(plainRuns.map((run, i) => run.rps / (bareRuns[i]?.rps ?? run.rps))) });
        rows.push({ target, route: PRODUCT_READ, ...medianOf(readRuns), ratio: against(bareRuns) });
        floors.push({ target, ratio: against(plainRuns) });
        rows.push({ target, route: 'GET /api/v1/products?q=leather boot', ...(await measure(`${base}/api/v1/products?q=leather%20boot&limit=20`, auth)) });
      } finally {
        bare.close();
        plain.close();
      }
    } finally {
      await app.close();
      await cleanup();
    }
  }
  printTable(rows);
  for (const { target, ratio } of floors) console.log(`${target}: ${PRODUCT_READ} against Koa without a router: ${(ratio * 100).toFixed(1)}%`);
}

function printTable(rows: readonly Row[]): void {
  console.log(`\nbench/http  ${SECONDS}s per route and round, ${ROUNDS} rounds, ${CONNECTIONS} connections, ${PRODUCTS} products, node ${process.version}\n`);
  console.log('target          route                                   req/s     p50 ms  p99 ms  vs bare  failed');
  for (const row of rows) {
    const bare = rows.find((r) => r.target === row.target && r.route === BARE_ROUTE);
    const share = row.ratio ?? (bare ? row.rps / bare.rps : undefined);
    const ratio = share === undefined ? '' : `${(share * 100).toFixed(1)}%`;
    const verdict = share !== undefined && row.route === PRODUCT_READ ? (share >= TARGET_RATIO ? '  target met' : '  target NOT met') : '';
    console.log(
      `${row.target.padEnd(16)}${row.route.padEnd(40)}${row.rps.toFixed(0).padStart(7)}  ${String(row.p50).padStart(7)} ${String(row.p99).padStart(7)}  ${ratio.padStart(7)}  ${String(row.failed).padStart(6)}${verdict}`,
    );
  }
  console.log(`\ntarget: ${PRODUCT_READ} (cache warm) ≥ ${TARGET_RATIO * 100}% of the bare route's req/s (median of the rounds' ratios)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
