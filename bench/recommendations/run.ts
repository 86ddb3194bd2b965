// bench/recommendations: quality and latency of recommendations on a shop with planted
// structure (SPEC §3.5, §4: 10k users / 50k products / 500k purchases, p95 ≤ 25 ms uncached,
// ≤ 3 ms cached). Loads the dataset into a fresh PostgreSQL database, starts the real app
// (which rebuilds the embedded graph from the store), scores every strategy on each sampled
// user's held-out last purchase against `popular` as the baseline, then times the use case
// and the HTTP route, cold and cached, next to a bare `GET /health` of the same run.
// Exits non-zero when `blended` does not beat `popular` on both hit-rate@10 and NDCG@10.
//
//   npm run bench:recommendations -- [--users 10000] [--products 50000] [--purchases 500000]
//     [--eval-users 2000] [--http-samples 1000] [--clusters N] [--seed 42] [--no-inferred]
//     [--database-url postgres://postgres@127.0.0.1:5432/postgres]
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { SessionIssuer } from '../../application/identity/session-issuer';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { openDatabase } from '../../adapters/postgres/database';
import { GetRecommendations } from '../../application/recommendations/get-recommendations';
import { createApp, type App } from '../../composition/app';
import { loadConfig } from '../../composition/config';
import { TOKENS } from '../../composition/tokens';
import type { Actor } from '../../domain/identity/actor';
import { STRATEGIES, type Strategy } from '../../domain/recommendations/candidate';
import { ok } from '../../domain/shared/result';
import { generateDataset, rng, shuffle, type Dataset } from './dataset';
import { loadDataset, OWNER_ID } from './load';
import { ci95, hitAt, mean, ndcgAt, rankOf, summarize, type LatencySummary } from './metrics';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    products: { type: 'string', default: '50000' },
    purchases: { type: 'string', default: '500000' },
    clusters: { type: 'string' },
    'eval-users': { type: 'string', default: '2000' },
    'http-samples': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '42' },
    'no-inferred': { type: 'boolean', default: false },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const USERS = Number(args.users);
const PRODUCTS = Number(args.products);
const PURCHASES = Number(args.purchases);
const CLUSTERS = Number(args.clusters ?? Math.round(Math.min(80, Math.max(5, USERS / 125))));
const EVAL_USERS = Number(args['eval-users']);
const HTTP_SAMPLES = Number(args['http-samples']);
const SEED = Number(args.seed);
const K = 10;
const TARGET_P95_MS = { uncached: 25, cached: 3 } as const;

const phases: { name: string; seconds: number }[] = [];
async function phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  console.error(`… ${name}`);
  const started = performance.now();
  const result = await work();
  phases.push({ name, seconds: (performance.now() - started) / 1000 });
  return result;
}

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

// One keep-alive socket, sequential requests: the latency of one request, not of a queue.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function request(port: number, method: string, path: string, token?: string): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Users with a held-out purchase and some history, in a seeded order; the first `count`. */
function evaluationSample(data: Dataset, count: number): number[] {
  const trained = new Uint8Array(data.users.length);
  for (const u of data.purchases.user) trained[u] = 1;
  const eligible = data.users.map((_, u) => u).filter((u) => data.heldOut[u]! >= 0 && trained[u] === 1);
  return shuffle(eligible, rng(SEED ^ 0x5bd1e995)).slice(0, count);
}

interface QualityRow {
  readonly strategy: Strategy;
  readonly hits: number[];
  readonly ndcgs: number[];
  readonly latencies: number[];
  empty: number;
  degraded: number;
}

interface LatencyRow {
  readonly path: string;
  readonly summary: LatencySummary;
  readonly target: number | null;
}

async function main(): Promise<void> {
  const endAt = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const data = await phase('generate dataset', () =>
    generateDataset({
      seed: SEED, users: USERS, products: PRODUCTS, purchases: PURCHASES, clusters: CLUSTERS,
      inClusterShare: 0.85, declaredShare: 0.3, inferInterests: !args['no-inferred'], endAt,
    }),
  );
  const sample = evaluationSample(data, EVAL_USERS);

  const admin = new pg.Client({ connectionString: args['database-url'] });
  await admin.connect();
  const database = `cg_bench_recs_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${database}`);
  const url = new URL(args['database-url']);
  url.pathname = `/${database}`;
  let app: App | undefined;
  let beats = false;
  const dropDatabase = async () => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  };
  const interrupted = () => void dropDatabase().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    const config = loadConfig({
      DATABASE_URL: url.toString(), LOG_LEVEL: 'info', DATABASE_POOL_SIZE: '10', ACCESS_TOKEN_TTL_SECONDS: '86400',
      CACHE_MAX_ENTRIES: String(Math.max(50_000, EVAL_USERS * 8)),
    });
    await phase('migrate', async () => (await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 })).close());
    const counts = await phase('bulk load (SQL unnest)', async () => {
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      try {
        return await loadDataset(db, data, new Date(endAt.getTime() - 400 * 86_400_000));
      } finally {
        await db.end();
      }
    });

    let rebuildMs: number | null = null;
    const logger = pino({ level: 'info' }, {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg: string; ms?: number };
        if (entry.msg === 'embedded graph rebuilt from the store') rebuildMs = entry.ms ?? null;
        if (entry.level >= 40) process.stderr.write(line);
      },
    });
    app = await phase('app start (embedded graph rebuilt from the store)', () =>
      createApp({ config, store: 'database', jwtSecret: randomBytes(32).toString('hex'), logger }),
    );
    logger.level = 'warn'; // request logs would only time the logger
    const port = await app.listen(0);
    const companyId = data.companyId;
    const getRecommendations = app.container.get(GetRecommendations);
    const actorOf = (u: number): Actor => ({ userId: data.users[u]!.id, companyId, role: 'customer' });
    const sessions = app.container.get(SessionIssuer);
    const uow = app.container.get<UnitOfWork>(TOKENS.UnitOfWork);
    /** An access token of a new session of a bulk-loaded user: a token is honoured only while its session lives in the store. */
    const signIn = async (userId: string): Promise<string> => {
      const issued = await uow.run(async (tx) => {
        const user = await tx.users.byId(companyId, userId);
        if (!user) throw new Error(`bench user ${userId} is missing`);
        return ok((await sessions.issue(tx, user)).accessToken);
      });
      return issued.ok ? issued.value : '';
    };
    const ownerToken = await signIn(OWNER_ID);
    const clearCache = async () => {
      const res = await request(port, 'DELETE', '/api/v1/admin/cache?tag=all', ownerToken);
      if (res.status !== 200) throw new Error(`clearing the cache: ${res.status} ${res.body}`);
    };
    const recommend = async (u: number, strategy: Strategy) => {
      const result = await getRecommendations.execute({ actor: actorOf(u), userId: data.users[u]!.id, strategy, page: { limit: K } });
      if (!result.ok) throw new Error(`recommendations of ${data.users[u]!.id}: ${result.error.code}`);
      return result.value;
    };

    // Warm-up (JIT, pools), then forget what it cached so every measured first call is a miss.
    for (const u of sample.slice(0, 20)) for (const strategy of STRATEGIES) await recommend(u, strategy);
    await clearCache();

    const quality = STRATEGIES.map((strategy): QualityRow => ({ strategy, hits: [], ndcgs: [], latencies: [], empty: 0, degraded: 0 }));
    const blendedIds = new Map<number, string>();
    await phase(`quality: ${sample.length} users × ${STRATEGIES.length} strategies (use case, first calls)`, async () => {
      for (const [n, u] of sample.entries()) {
        for (const row of quality) {
          const { value, ms } = await timed(() => recommend(u, row.strategy));
          const ids = value.items.map((i) => i.product.id);
          const rank = rankOf(ids, data.products[data.heldOut[u]!]!.id);
          row.hits.push(hitAt(rank, K));
          row.ndcgs.push(ndcgAt(rank, K));
          row.latencies.push(ms);
          if (ids.length === 0) row.empty++;
          if (value.degraded) row.degraded++;
          if (row.strategy === 'blended') blendedIds.set(u, ids.join());
        }
        if ((n + 1) % 500 === 0) console.error(`  ${n + 1}/${sample.length} users`);
      }
    });

    const latency: LatencyRow[] = [];
    for (const row of quality) latency.push({ path: `use case, ${row.strategy}, uncached`, summary: summarize(row.latencies), target: TARGET_P95_MS.uncached });
    await phase('use case, blended, cached', async () => {
      const ms: number[] = [];
      for (const u of sample) ms.push((await timed(() => recommend(u, 'blended'))).ms);
      latency.push({ path: 'use case, blended, cached', summary: summarize(ms), target: TARGET_P95_MS.cached });
    });

    const httpUsers = sample.slice(0, HTTP_SAMPLES);
    const userTokens = new Map<number, string>();
    for (const u of httpUsers) userTokens.set(u, await signIn(data.users[u]!.id));
    let mismatches = 0;
    await phase(`HTTP: /health, then ${httpUsers.length} users uncached and cached`, async () => {
      const health: number[] = [];
      for (let n = 0; n < 200; n++) await request(port, 'GET', '/health'); // warm-up
      for (let n = 0; n < Math.max(1000, httpUsers.length); n++) health.push((await request(port, 'GET', '/health')).ms);
      latency.unshift({ path: 'GET /health (HTTP baseline)', summary: summarize(health), target: null });
      await clearCache();
      for (const cached of [false, true]) {
        const ms: number[] = [];
        for (const u of httpUsers) {
          const res = await request(port, 'GET', `/api/v1/users/${data.users[u]!.id}/recommendations?strategy=blended&limit=${K}`, userTokens.get(u));
          if (res.status !== 200) throw new Error(`GET recommendations of ${data.users[u]!.id}: ${res.status} ${res.body}`);
          const body = JSON.parse(res.body) as { items: { product: { id: string } }[] };
          if (body.items.map((i) => i.product.id).join() !== blendedIds.get(u)) mismatches++;
          ms.push(res.ms);
        }
        latency.push({
          path: `GET /users/:id/recommendations, blended, ${cached ? 'cached' : 'uncached'}`,
          summary: summarize(ms),
          target: cached ? TARGET_P95_MS.cached : TARGET_P95_MS.uncached,
        });
      }
    });

    beats = report({ data, sample, counts, quality, latency, rebuildMs, mismatches });
  } finally {
    process.removeListener('SIGINT', interrupted);
    agent.destroy();
    await app?.close();
    await dropDatabase();
  }
  if (!beats) {
    console.error('\nFAIL: blended does not beat popular on both hit-rate@10 and NDCG@10');
    process.exitCode = 1;
  }
}

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function report(r: {
  data: Dataset;
  sample: readonly number[];
  counts: Awaited<ReturnType<typeof loadDataset>>;
  quality: readonly QualityRow[];
  latency: readonly LatencyRow[];
  rebuildMs: number | null;
  mismatches: number;
}): boolean {
  const { data, sample, counts, quality, latency } = r;
  const inCluster = mean(sample.map((u) => data.heldOutInCluster[u]!));
  const heldOut = data.heldOut.filter((p) => p >= 0).length;
  console.log(`\nbench/recommendations  seed ${SEED}, node ${process.version}, PostgreSQL`);
  console.log(
    `dataset: ${counts.users - 1} users, ${counts.products} products, ${CLUSTERS} clusters, ${counts.orders + heldOut} purchases: ` +
      `${counts.orders} to train on + ${heldOut} held out, ${counts.interests} interest rows (${args['no-inferred'] ? 'declared only' : 'declared + inferred'})`,
  );
  const buyers = new Int32Array(data.products.length);
  for (const p of data.purchases.product) buyers[p] = buyers[p]! + 1;
  const sortedBuyers = [...buyers].sort((a, b) => b - a);
  console.log(
    `most-bought product: ${sortedBuyers[0]} buyers (${((sortedBuyers[0]! / data.users.length) * 100).toFixed(0)}% of users), ` +
      `100th: ${sortedBuyers[99] ?? '-'}, median: ${sortedBuyers[sortedBuyers.length >> 1]}`,
  );
  console.log(`evaluated users: ${sample.length} (held-out product from their own clusters: ${(inCluster * 100).toFixed(1)}%, else from global popularity)`);
  console.log(`embedded graph rebuild at start: ${r.rebuildMs === null ? 'not logged' : `${(r.rebuildMs / 1000).toFixed(2)} s`}`);

  const popular = quality.find((q) => q.strategy === 'popular')!;
  console.log(`\n| strategy | hit-rate@${K} | NDCG@${K} | vs popular (hit / NDCG) | empty answers | degraded |`);
  console.log('|---|---|---|---|---|---|');
  for (const q of quality) {
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '-');
    console.log(
      `| ${q.strategy} | ${f(mean(q.hits), 4)} ± ${f(ci95(q.hits), 4)} | ${f(mean(q.ndcgs), 4)} ± ${f(ci95(q.ndcgs), 4)} | ` +
        `${ratio(mean(q.hits), mean(popular.hits))} / ${ratio(mean(q.ndcgs), mean(popular.ndcgs))} | ${q.empty} | ${q.degraded} |`,
    );
  }
  const blended = quality.find((q) => q.strategy === 'blended')!;
  const beats = mean(blended.hits) > mean(popular.hits) && mean(blended.ndcgs) > mean(popular.ndcgs);
  console.log(`(± is a 95% interval) blended beats popular on hit-rate and NDCG: ${beats ? 'yes' : 'NO'}`);

  const health = latency.find((l) => l.target === null)?.summary;
  console.log(`\n| path | samples | p50 ms | p95 ms | p99 ms | max ms | p50 over /health | target p95 | met |`);
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { path, summary: s, target } of latency) {
    const over = health && target !== null ? `+${f(s.p50 - health.p50)}` : '';
    const met = target === null ? '' : s.p95 <= target ? 'met' : 'NOT met';
    console.log(`| ${path} | ${s.samples} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.p99)} | ${f(s.max)} | ${over} | ${target === null ? '' : `≤ ${target} ms`} | ${met} |`);
  }
  console.log(`HTTP answers differing from the use case's (same user, blended): ${r.mismatches}`);

  console.log('\n| phase | seconds |');
  console.log('|---|---|');
  for (const p of phases) console.log(`| ${p.name} | ${p.seconds.toFixed(1)} |`);
  return beats;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
