// bench/ingest: events/s through `POST /api/v1/events/batch` (the built API, X-Api-Key,
// 1000-event batches from several clients at once) against a raw bulk insert of the same rows
// into the same store in the same run (SPEC §4: PostgreSQL ≥ 25 000 events/s and ≥ 50% of the
// raw path; ClickHouse ≥ 40 000 events/s), then the stored counts per path: exactly what was
// sent, none lost, none doubled, or the bench exits 1. A replay of some batches shows them
// counted as duplicates. Rounds alternate which path goes first, so a machine that gets busier
// during the run weighs on both alike. Where the CPU went (the API process, the PostgreSQL
// backends) is printed per 1000 events when /proc tells.
//
// `--store clickhouse` starts the API with CLICKHOUSE_URL (the server of BENCH_CLICKHOUSE_URL or
// CLICKHOUSE_URL, default http://127.0.0.1:8123, with a database of the run's own): the 202 then
// comes once the batch is journalled in PostgreSQL, so the time until every event is queryable
// in ClickHouse is measured too; the raw path inserts the same rows straight into ClickHouse.
//
// The raw path hands PostgreSQL a batch as one array per column (unnest); `--raw recordset` hands
// it one JSON text instead (jsonb_to_recordset, the adapter's own statement): measured here to
// cost PostgreSQL more CPU per event, kept to check that again and to time the adapter's SQL alone.
//
//   npm run bench:ingest -- [--store postgres|clickhouse] [--events 200000] [--clients 4] [--rounds 2] [--replay 5] [--raw unnest|recordset] [--cpu-prof dir]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-database';
import { startApi, type ApiProcess } from './api-process';
import { backendCpuBetween, postgresBackendCpu, processesNamed, totalCpuSeconds, type BackendCpu } from './cpu';
import { sdkBatches, type SdkEvent } from './events';
import { noOutcome, sendBatches, signUp, type Outcome } from './http-load';
import { onLanes } from './lanes';
import {
  clickHouseCounts, clickHouseRawPath, createThrowawayClickHouse, postgresCounts, postgresRawPath,
  type RawPath, type RawStatement, type StoredCounts, type ThrowawayClickHouse,
} from './raw-paths';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgres' },
    events: { type: 'string', default: '200000' },
    clients: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    replay: { type: 'string', default: '5' },
    raw: { type: 'string', default: 'unnest' },
    'cpu-prof': { type: 'string' },
  },
});
if (args.store !== 'postgres' && args.store !== 'clickhouse') throw new Error('--store is postgres or clickhouse');
if (args.raw !== 'unnest' && args.raw !== 'recordset') throw new Error('--raw is unnest or recordset');
const RAW_STATEMENT: RawStatement = args.raw;
const STORE = args.store;
const EVENTS = Number(args.events);
const CLIENTS = Math.max(1, Number(args.clients));
const ROUNDS = Math.max(1, Number(args.rounds));
const REPLAYED_BATCHES = Math.max(0, Number(args.replay));
const BATCH = 1000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLICKHOUSE_SERVER = process.env.BENCH_CLICKHOUSE_URL ?? process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
/** SPEC §4. */
const TARGETS = { postgres: { eventsPerSecond: 25_000, ofRaw: 0.5 }, clickhouse: { eventsPerSecond: 40_000 } } as const;
const DRAIN_GIVE_UP_MS = 300_000;

/** CPU seconds used so far: by the bench (the clients), the API process and the PostgreSQL backends of the run's database. */
interface CpuReading {
  readonly bench: number;
  readonly api: number | undefined;
  readonly postgres: BackendCpu | undefined;
  readonly clickhouse: number | undefined;
}

/** A path's timed work, summed over the rounds. */
interface Timing {
  events: number;
  /** From first send to last answer. */
  seconds: number;
  /** ClickHouse: from first send until every event of the round was queryable. */
  queryableSeconds: number;
  /** CPU used meanwhile (to the last answer; with ClickHouse, until all queryable); undefined when /proc does not tell. */
  benchCpu: number;
  apiCpu: number | undefined;
  postgresCpu: number | undefined;
  clickhouseCpu: number | undefined;
}

const emptyTiming = (): Timing => ({ events: 0, seconds: 0, queryableSeconds: 0, benchCpu: 0, apiCpu: 0, postgresCpu: 0, clickhouseCpu: 0 });
const benchCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000_000;
};
const plus = (sum: number | undefined, a: number | undefined, b: number | undefined) =>
  sum === undefined || a === undefined || b === undefined ? undefined : sum + b - a;

/** What the run holds: the API, the stores and the two companies (one per path, so each path's rows count apart). */
interface Run {
  readonly api: ApiProcess;
  readonly database: ThrowawayDatabase;
  /** A connection of the bench's own to the run's database: counts and CPU readings. */
  readonly monitor: pg.Client;
  readonly ch: ThrowawayClickHouse | undefined;
  /** The local ClickHouse server's processes, when it is local. */
  readonly clickhousePids: readonly number[];
  readonly viaHttp: { readonly companyId: string; readonly secret: string };
  readonly rawCompanyId: string;
  readonly raw: RawPath;
}

const rate = (t: Timing) => t.events / t.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const bodiesOf = (batches: readonly SdkEvent[][]) => batches.map((events) => Buffer.from(JSON.stringify({ events })));
const eventsIn = (batches: readonly SdkEvent[][]) => batches.reduce((sum, batch) => sum + batch.length, 0);

async function main(): Promise<void> {
  // The bench times ingesting, not building: dist/ is made first when stale.
  execFileSync(process.execPath, ['composition/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  const cpuProf = args['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`];
  const database = await createThrowawayDatabase('cg_bench_ingest');
  const dataDir = await mkdtemp(join(tmpdir(), 'cg-bench-ingest-'));
  let ch: ThrowawayClickHouse | undefined;
  let failures: string[] = [];
  try {
    ch = STORE === 'clickhouse' ? await createThrowawayClickHouse(CLICKHOUSE_SERVER, database.name) : undefined;
    const api = await startApi(
      {
        DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', JWT_SECRET: randomBytes(32).toString('hex'),
        INGEST_MAX_EVENTS_PER_SECOND: '10000000',
        // The rollup runs all through the run, far oftener than its default: its cost is in the figures.
        ANALYTICS_ROLLUP_INTERVAL_MS: '1000',
        ...(ch ? { CLICKHOUSE_URL: ch.url } : {}),
      },
      cpuProf,
    );
    const monitor = new pg.Client({ connectionString: database.url });
    try {
      await monitor.connect();
      const viaHttp = await signUp(api.base, 'http');
      const { companyId: rawCompanyId } = await signUp(api.base, 'raw');
      const raw = ch ? clickHouseRawPath(ch.client, rawCompanyId) : await postgresRawPath(database.url, rawCompanyId, CLIENTS, RAW_STATEMENT);
      try {
        const clickhousePids = ch ? await processesNamed('clickhouse-serv') : [];
        failures = await measure({ api, database, monitor, ch, clickhousePids, viaHttp, rawCompanyId, raw });
      } finally {
        await raw.close();
      }
    } catch (error) {
      console.error(`the API's last output:\n${api.output()}`);
      throw error;
    } finally {
      await monitor.end();
      await api.stop();
    }
  } finally {
    await ch?.drop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.log(`\nFAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

/** Runs both paths, prints the tables, and resolves with what went wrong (nothing, when all was stored once). */
async function measure(run: Run): Promise<string[]> {
  const { api, viaHttp, raw } = run;
  const tally = noOutcome();
  const sent = { http: 0, raw: 0 };
  const http = emptyTiming();
  const direct = emptyTiming();
  const replayBodies: Buffer[] = [];
  let made = 0;
  const nextBatches = (count: number) => {
    const batches = sdkBatches(made, count, BATCH, new Date());
    made += count;
    return batches;
  };
  const cpuNow = async (): Promise<CpuReading> => ({
    api: await api.cpuSeconds(), postgres: await postgresBackendCpu(run.monitor, run.database.name), bench: benchCpuSeconds(),
    clickhouse: await totalCpuSeconds(run.clickhousePids),
  });
  const addCpu = (timing: Timing, before: CpuReading, after: CpuReading) => {
    timing.benchCpu += after.bench - before.bench;
    timing.apiCpu = plus(timing.apiCpu, before.api, after.api);
    timing.clickhouseCpu = plus(timing.clickhouseCpu, before.clickhouse, after.clickhouse);
    timing.postgresCpu =
      timing.postgresCpu === undefined || !before.postgres || !after.postgres ? undefined : timing.postgresCpu + backendCpuBetween(before.postgres, after.postgres);
  };

  console.log(`load average before: ${load()}`);
  // Warm-up, untimed but stored and counted: the API's JIT, its pools and the store's caches.
  await sendBatches(api.base, viaHttp.secret, bodiesOf(nextBatches(CLIENTS * BATCH)), CLIENTS, tally);
  sent.http += CLIENTS * BATCH;
  await onLanes(raw.jobs(nextBatches(CLIENTS * BATCH)), CLIENTS);
  sent.raw += CLIENTS * BATCH;

  for (let round = 1; round <= ROUNDS; round += 1) {
    const share = Math.floor(EVENTS / ROUNDS) + (round <= EVENTS % ROUNDS ? 1 : 0);
    const httpBatches = nextBatches(share);
    const bodies = bodiesOf(httpBatches);
    const rawJobs = raw.jobs(nextBatches(share));
    const runHttp = async () => {
      const before = await cpuNow();
      const started = performance.now();
      const seconds = await sendBatches(api.base, viaHttp.secret, bodies, CLIENTS, tally);
      sent.http += eventsIn(httpBatches);
      // With ClickHouse the work goes on after the last 202: the CPU is counted until it is done.
      const queryable = run.ch ? ((await queryableAt(run.ch, viaHttp.companyId, sent.http)) - started) / 1000 : seconds;
      addCpu(http, before, await cpuNow());
      http.events += share;
      http.seconds += seconds;
      http.queryableSeconds += queryable;
      console.log(`round ${round}: HTTP ${fmt(share / seconds)} events/s${run.ch ? `, all queryable in ClickHouse after ${queryable.toFixed(2)} s` : ''}`);
    };
    const runRaw = async () => {
      const before = await cpuNow();
      const seconds = await onLanes(rawJobs, CLIENTS);
      addCpu(direct, before, await cpuNow());
      sent.raw += share;
      direct.events += share;
      direct.seconds += seconds;
      console.log(`round ${round}: raw  ${fmt(share / seconds)} events/s`);
    };
    // The tables grow during the run: the second path of a round writes into bigger indexes.
    if (round % 2 === 1) {
      await runHttp();
      await runRaw();
    } else {
      await runRaw();
      await runHttp();
    }
    if (round === 1) replayBodies.push(...bodies.slice(0, REPLAYED_BATCHES));
  }
  console.log(`load average after: ${load()}`);

  // Batches the API acknowledged already, sent again at once, as a client that got no answer would.
  const replay = noOutcome();
  await sendBatches(api.base, viaHttp.secret, replayBodies, CLIENTS, replay);
  const replayed = replayBodies.length * BATCH;

  const counted = (companyId: string) => (run.ch ? clickHouseCounts(run.ch.client, companyId) : postgresCounts(run.monitor, companyId));
  const storedHttp = await counted(viaHttp.companyId);
  const storedRaw = await counted(run.rawCompanyId);
  const journalRows = Number((await run.monitor.query<{ n: string }>('select count(*) as n from analytics_journal')).rows[0]?.n);

  const rollup = run.ch ? null : await rollupCaughtUp(run.monitor, viaHttp.companyId);

  printFigures(http, direct, run.ch !== undefined);
  printCounts(sent, storedHttp, storedRaw, tally, replay, replayed, journalRows);
  if (rollup) console.log(`daily rollup (the API's run every second): caught up ${rollup.seconds.toFixed(1)} s after the replay, ${fmt(rollup.rows)} (day, identity) rows, as the events have them: ${rollup.exact ? 'yes' : 'NO'}`);
  return [...checkCounts(sent, storedHttp, storedRaw, tally, replay, replayed), ...(rollup && !rollup.exact ? ['the daily rollup differs from the events'] : [])];
}

/** Waits for the API's rollup runs to leave no mark of the company, then compares the rollup with the events. */
async function rollupCaughtUp(monitor: pg.Client, companyId: string): Promise<{ seconds: number; rows: number; exact: boolean }> {
  const started = performance.now();
  const marks = async () => Number((await monitor.query<{ n: string }>('select count(*) as n from analytics_rollup_marks where company_id = $1', [companyId])).rows[0]?.n);
  while ((await marks()) > 0) {
    if (performance.now() - started > 120_000) throw new Error('the daily rollup did not catch up within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await monitor.query<{ rolled: string; expected: string; missing: string }>(
    `select (select count(*) from analytics_daily_identities where company_id = $1) as rolled,
            (select count(*) from (select distinct ("timestamp" at time zone 'UTC')::date, coalesce(user_id, anonymous_id) from analytics_events where company_id = $1) d) as expected,
            (select count(*) from (select ("timestamp" at time zone 'UTC')::date, coalesce(user_id, anonymous_id) from analytics_events where company_id = $1
               except select day, identity from analytics_daily_identities where company_id = $1) m) as missing`,
    [companyId],
  );
  const row = rows[0]!;
  return { seconds, rows: Number(row.rolled), exact: row.rolled === row.expected && row.missing === '0' };
}

/** Polls until the company's events in ClickHouse reach `expected`; resolves with the time it happened. */
async function queryableAt(ch: ThrowawayClickHouse, companyId: string, expected: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await clickHouseCounts(ch.client, companyId);
    if (rows >= expected) return performance.now();
    if (performance.now() - started > DRAIN_GIVE_UP_MS) throw new Error(`ClickHouse holds ${rows} of ${expected} events after ${DRAIN_GIVE_UP_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function printFigures(http: Timing, direct: Timing, clickhouse: boolean): void {
  const store = clickhouse ? 'ClickHouse' : 'PostgreSQL';
  console.log(`\nbench/ingest  ${store}, ${fmt(EVENTS)} events per path in ${ROUNDS} rounds, batches of ${BATCH}, ${CLIENTS} clients, ${cpus().length} CPUs, node ${process.version}\n`);
  const clickhouseColumn = clickhouse ? ' ClickHouse |' : '';
  console.log(`| path | events | seconds | events/s | vs raw | CPU ms per 1000 events: clients | API | PostgreSQL |${clickhouseColumn}`);
  console.log(`|---|---|---|---|---|---|---|---|${clickhouse ? '---|' : ''}`);
  const perThousand = (cpu: number | undefined, t: Timing) => (cpu === undefined ? '-' : ((cpu * 1_000_000) / t.events).toFixed(1));
  const line = (name: string, t: Timing, seconds = t.seconds, cpu = true) =>
    console.log(
      `| ${name} | ${fmt(t.events)} | ${seconds.toFixed(2)} | ${fmt(t.events / seconds)} | ${((t.events / seconds / rate(direct)) * 100).toFixed(0)}% ` +
        `| ${cpu ? perThousand(t.benchCpu, t) : ''} | ${cpu ? perThousand(t.apiCpu, t) : ''} | ${cpu ? perThousand(t.postgresCpu, t) : ''} |` +
        (clickhouse ? ` ${cpu ? perThousand(t.clickhouseCpu, t) : ''} |` : ''),
    );
  line('HTTP POST /api/v1/events/batch, to the last 202', http, http.seconds, !clickhouse);
  if (clickhouse) line('HTTP, until all queryable in ClickHouse', http, http.queryableSeconds);
  const rawName = clickhouse ? 'raw INSERT … FORMAT TabSeparated into ClickHouse' : `raw INSERT … SELECT FROM ${RAW_STATEMENT === 'recordset' ? 'jsonb_to_recordset' : 'unnest'} (keys + events)`;
  line(rawName, direct);
  console.log('');
  if (clickhouse) {
    const met = rate(http) >= TARGETS.clickhouse.eventsPerSecond;
    console.log(`target: ≥ ${fmt(TARGETS.clickhouse.eventsPerSecond)} events/s over HTTP: ${met ? 'met' : 'NOT met'}`);
  } else {
    const { eventsPerSecond, ofRaw } = TARGETS.postgres;
    const met = rate(http) >= eventsPerSecond && rate(http) / rate(direct) >= ofRaw;
    console.log(`target: ≥ ${fmt(eventsPerSecond)} events/s over HTTP and ≥ ${ofRaw * 100}% of the raw path: ${met ? 'met' : 'NOT met'}`);
  }
}

type Sent = { readonly http: number; readonly raw: number };

function printCounts(sent: Sent, storedHttp: StoredCounts, storedRaw: StoredCounts, tally: Outcome, replay: Outcome, replayed: number, journalRows: number): void {
  console.log('\n| path | sent (warm-up included) | 202 accepted | stored rows | distinct messageIds |');
  console.log('|---|---|---|---|---|');
  console.log(`| HTTP | ${fmt(sent.http)} | ${fmt(tally.accepted)} | ${fmt(storedHttp.rows)} | ${fmt(storedHttp.distinctMessageIds)} |`);
  console.log(`| raw | ${fmt(sent.raw)} | - | ${fmt(storedRaw.rows)} | ${fmt(storedRaw.distinctMessageIds)} |`);
  console.log(`\nreplay of ${fmt(replayed)} acknowledged events: accepted ${fmt(replay.accepted)}, duplicates ${fmt(replay.duplicates)}, rejected ${fmt(replay.rejected)}`);
  console.log(`analytics_journal rows left: ${journalRows}`);
}

function checkCounts(sent: Sent, storedHttp: StoredCounts, storedRaw: StoredCounts, tally: Outcome, replay: Outcome, replayed: number): string[] {
  const failures: string[] = [];
  const expect = (what: string, actual: number, expected: number) => {
    if (actual !== expected) failures.push(`${what}: ${actual}, expected ${expected}`);
  };
  expect('HTTP: accepted in the 202 answers', tally.accepted, sent.http);
  expect('HTTP: duplicates in the 202 answers', tally.duplicates, 0);
  expect('HTTP: rejected in the 202 answers', tally.rejected, 0);
  expect('HTTP: stored rows', storedHttp.rows, sent.http);
  expect('HTTP: distinct stored messageIds', storedHttp.distinctMessageIds, sent.http);
  expect('raw: stored rows', storedRaw.rows, sent.raw);
  expect('raw: distinct stored messageIds', storedRaw.distinctMessageIds, sent.raw);
  expect('replay: accepted', replay.accepted, 0);
  expect('replay: duplicates', replay.duplicates, replayed);
  return failures;
}

await main();
