// SPEC §3.9, issue 14 acceptance 3: nothing acknowledged is lost when ClickHouse goes away. 20 000
// events go to the composed app over HTTP (POST /events/batch, the journal in the relational store,
// the drainer) from a client that resends batches with the same messageIds, while a ClickHouse
// server of the test's own is killed, then stopped, in the middle and started again on the same
// data. The test follows what an operator sees (/ready, /admin/system); at the end ClickHouse holds
// each event exactly once and the journal is empty.
import { createClient, ClickHouseLogLevel } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/api-process';
import { registerCompany, type Tenant } from '../support/builders';
import { CLICKHOUSE_SERVER_BIN, clickhouseServerInstalled, PrivateClickHouse } from '../support/clickhouse-server';
import { eventually } from '../support/eventually';
import { httpClient, type Call } from '../support/http-client';
import { NOT_RUN } from '../support/not-run-reporter';
import { startTestApp, type TestApp } from '../support/test-app';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

const BATCHES = 20;
const BATCH_SIZE = 1000;
const DAY_MS = 86_400_000;
const DATABASE = 'analytics';

/** What happens to the server once this many batches were acknowledged. */
const OUTAGES: readonly { readonly stopAfter: number; readonly signal: 'SIGKILL' | 'SIGTERM'; readonly restartAfter: number }[] = [
  { stopAfter: 4, signal: 'SIGKILL', restartAfter: 10 },
  { stopAfter: 13, signal: 'SIGTERM', restartAfter: 16 },
];

const relational = (await postgresAvailable()) ? 'postgres' : 'pglite';

const appEnv = (clickhouseUrl: string): Record<string, string> => ({
  CLICKHOUSE_URL: clickhouseUrl,
  // Short, so rows leased by a drain the outage cut (for six times this) are claimed again soon after the restart.
  CLICKHOUSE_REQUEST_TIMEOUT_MS: '2000',
  INGEST_MAX_EVENTS_PER_SECOND: '10000000',
});

interface IngestAnswer {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly unknown[];
}

interface AnalyticsStatus {
  readonly store: string;
  readonly acceptedLastMinute: number;
  readonly duplicatesLastMinute: number;
  readonly rejectedLastMinute: number;
  readonly lagSeconds: number | null;
}

interface Readiness {
  readonly status: number;
  readonly state: string;
  readonly unreachable: readonly string[];
}

const DEGRADED: Readiness = { status: 200, state: 'degraded', unreachable: ['analytics:clickhouse'] };
const READY: Readiness = { status: 200, state: 'ready', unreachable: [] };

/** The company, its owner and an SDK key, made over HTTP as a frontend would. */
async function sdkTenant(call: Call): Promise<Tenant & { readonly secret: string }> {
  const tenant = await registerCompany(call);
  const key = await call('POST', '/api/v1/api-keys', { token: tenant.ownerToken, body: { name: 'sdk' } });
  expect(key.status, JSON.stringify(key.body)).toBe(201);
  return { ...tenant, secret: key.body.secret };
}

async function readiness(call: Call): Promise<Readiness> {
  const res = await call('GET', '/ready');
  const adapters = (res.body.adapters ?? []) as { name: string; reachable: boolean }[];
  return { status: res.status, state: res.body.status, unreachable: adapters.filter((a) => !a.reachable).map((a) => a.name) };
}

async function analyticsStatus(call: Call, ownerToken: string): Promise<AnalyticsStatus> {
  const res = await call('GET', '/api/v1/admin/system', { token: ownerToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.analytics;
}

async function journalRows(db: TestDatabase): Promise<number> {
  const [row] = await db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from analytics_journal');
  return Number(row?.n);
}

const installed = clickhouseServerInstalled();
const title = installed
  ? `ClickHouse stopped in the middle of ${BATCHES * BATCH_SIZE} events sent over HTTP [journal on ${relational}]`
  : `ClickHouse stopped in the middle of ingestion ${NOT_RUN} ${CLICKHOUSE_SERVER_BIN} is missing`;

describe.skipIf(!installed)(title, () => {
  let db: TestDatabase;
  let server: PrivateClickHouse;
  let t: TestApp;
  let call: Call;
  let tenant: Tenant & { readonly secret: string };
  /** The status (0: no answer) of every try the app did not acknowledge. */
  const unacknowledged: number[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(relational);
    server = await PrivateClickHouse.start();
    t = await startTestApp({ database: db, env: appEnv(`${server.url}/${DATABASE}`) });
    call = httpClient(t.baseUrl);
    tenant = await sdkTenant(call);
  });

  afterAll(async () => {
    await t?.close();
    await server?.destroy();
    await db?.close();
  });

  /** Sends the batch until it is acknowledged, as the SDK does: every try with the same messageIds. */
  async function deliver(events: readonly object[]): Promise<IngestAnswer> {
    for (let attempt = 1; ; attempt += 1) {
      const res = await call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': tenant.secret }, body: { events } }).catch(
        (error: unknown) => ({ status: 0, body: String(error) }),
      );
      if (res.status === 202) return res.body as IngestAnswer;
      unacknowledged.push(res.status);
      const retriable = res.status === 0 || res.status === 429 || res.status >= 500;
      if (!retriable || attempt >= 5) throw new Error(`batch not acknowledged (try ${attempt}): ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }

  it('acknowledges every batch while ClickHouse is away, reports it, and ends with each event in it exactly once', async () => {
    const now = Date.now();
    const thisMonth = new Date(now);
    const lastMonth = Date.UTC(thisMonth.getUTCFullYear(), thisMonth.getUTCMonth(), 1) - DAY_MS / 2;
    let duplicates = 0;
    for (let b = 0; b < BATCHES; b += 1) {
      // Half this month, half last month: each INSERT writes two parts, committed one by one.
      const events = Array.from({ length: BATCH_SIZE }, (_, i) => ({
        messageId: `m-${b}-${i}`,
        type: 'track',
        event: 'Product Viewed',
        userId: `u-${i % 97}`,
        properties: { product_id: `p-${i % 13}`, batch: b },
        timestamp: new Date((i % 2 === 0 ? now : lastMonth) - i * 1000).toISOString(),
      }));
      const first = await deliver(events);
      duplicates += first.duplicates;
      // Every third answer is lost on the way: the client sends the whole batch again.
      if (b % 3 === 0) {
        const again = await deliver(events);
        expect(again).toEqual({ accepted: 0, duplicates: BATCH_SIZE, rejected: [] });
        duplicates += again.duplicates;
      }
      // A second between batches: each one's receivedAt differs, so the lag of a held journal shows.
      t.clock.advance(1000);
      const outage = OUTAGES.find((o) => o.stopAfter === b + 1);
      if (outage) {
        await server.stop(outage.signal);
        expect(await eventually(() => readiness(call), (r) => r.state !== 'ready', '/ready to name ClickHouse')).toEqual(DEGRADED);
      }
      const ended = OUTAGES.find((o) => o.restartAfter === b + 1);
      if (ended) {
        // Every batch acknowledged since the stop waits in the journal: the oldest of them for as many seconds.
        const during = await analyticsStatus(call, tenant.ownerToken);
        expect(during.lagSeconds).toBeGreaterThanOrEqual(ended.restartAfter - ended.stopAfter);
        expect(await journalRows(db)).toBeGreaterThanOrEqual(ended.restartAfter - ended.stopAfter);
        expect(await readiness(call)).toEqual(DEGRADED);
        await server.restart();
        // A lease the outage cut runs out (12 s) before its rows are claimed again.
        await eventually(() => analyticsStatus(call, tenant.ownerToken), (s) => s.lagSeconds === 0, 'the journal to drain after the restart', 30_000);
        expect(await readiness(call)).toEqual(READY);
      }
    }

    await eventually(() => journalRows(db), (rows) => rows === 0, 'the journal to drain', 60_000);
    const ch = createClient({ url: server.url, database: DATABASE, log: { level: ClickHouseLogLevel.OFF } });
    try {
      const result = await ch.query({
        query: `select count() as events, uniqExact(message_id) as distinct_ids from analytics_events where company_id = '${tenant.companyId}'`,
        format: 'JSONEachRow',
      });
      const [stored] = await result.json<{ events: string; distinct_ids: string }>();
      expect({ events: Number(stored?.events), distinct: Number(stored?.distinct_ids) }).toEqual({ events: BATCHES * BATCH_SIZE, distinct: BATCHES * BATCH_SIZE });
    } finally {
      await ch.close();
    }
    // The pinned clock moved 20 s in all: every batch is within the last minute.
    expect(await analyticsStatus(call, tenant.ownerToken)).toEqual({
      store: 'clickhouse',
      acceptedLastMinute: BATCHES * BATCH_SIZE,
      duplicatesLastMinute: duplicates,
      rejectedLastMinute: 0,
      lagSeconds: 0,
    });
    expect(duplicates).toBeGreaterThanOrEqual(Math.ceil(BATCHES / 3) * BATCH_SIZE);
    expect(unacknowledged, 'ClickHouse being away never made ingestion fail').toEqual([]);
    expect(await readiness(call)).toEqual(READY);
  }, 180_000);
});

describe(`An app started while ClickHouse is unreachable [journal on ${relational}]`, () => {
  let db: TestDatabase;
  let t: TestApp;
  let call: Call;

  beforeAll(async () => {
    db = await openTestDatabase(relational);
    // Nothing listens there: connections are refused.
    const closed = await freePort();
    t = await startTestApp({ database: db, env: appEnv(`http://127.0.0.1:${closed}/${DATABASE}`) });
    call = httpClient(t.baseUrl);
  });

  afterAll(async () => {
    await t?.close();
    await db?.close();
  });

  it('serves, acknowledges a batch into the journal, and reports ClickHouse as a degraded dependency', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    const tenant = await sdkTenant(call);
    const events = Array.from({ length: 3 }, (_, i) => ({
      messageId: `early-${i}`,
      type: 'track',
      event: 'Product Viewed',
      anonymousId: 'anon-1',
      timestamp: t.clock.now().toISOString(),
    }));
    const sent = await call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': tenant.secret }, body: { events } });
    expect([sent.status, sent.body]).toEqual([202, { accepted: 3, duplicates: 0, rejected: [] }]);
    expect(await journalRows(db)).toBe(1);
    expect(await readiness(call)).toEqual(DEGRADED);
    t.clock.advance(5000);
    expect(await analyticsStatus(call, tenant.ownerToken)).toEqual({
      store: 'clickhouse',
      acceptedLastMinute: 3,
      duplicatesLastMinute: 0,
      rejectedLastMinute: 0,
      lagSeconds: 5,
    });
  });
});
