// The daily rollup under concurrency, on PostgreSQL. A batch committing after a run read its day
// but before the run deleted the day's mark would be missing from the rollup for good: one test
// holds a batch open across a run's start; another has writers ingest batches (each holding its
// transaction open a little after writing, as the outbox insert does) while two runs go round
// and round, and compares every answer with the memory store's over the same events, before
// and after a last run leaves every day rolled up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryAnalyticsEvents } from '../../adapters/memory/in-memory-analytics-events';
import { InMemoryEventAnalytics } from '../../adapters/memory/in-memory-event-analytics';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { MikroOrmAnalyticsEventLog } from '../../adapters/postgres/mikro-orm-analytics-event-log';
import { MikroOrmAnalyticsEventStore } from '../../adapters/postgres/mikro-orm-analytics-event-store';
import { SqlAnalyticsRollups } from '../../adapters/postgres/sql-analytics-rollups';
import { SqlEventAnalytics } from '../../adapters/postgres/sql-event-analytics';
import { inTransaction } from '../../adapters/postgres/transaction';
import type { TimeRange } from '../../application/ports/analytics-event-store';
import type { EventAnalytics } from '../../application/ports/analytics-queries';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { ok } from '../../domain/shared/result';
import { rng } from '../../bench/recommendations/dataset';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueId } from '../support/unique';

const DAY_MS = 86_400_000;
const START = Date.parse('2026-11-28T00:00:00.000Z');
const DAYS = 4;
const WRITERS = 4;
const BATCHES_PER_WRITER = 15;
const EVENTS_PER_BATCH = 40;
const RANGES: TimeRange[] = [
  { from: new Date(START), to: new Date(START + DAYS * DAY_MS) },
  { from: new Date(START + DAY_MS), to: new Date(START + 3 * DAY_MS) },
  { from: new Date(START + 36 * 3_600_000), to: new Date(START + 60 * 3_600_000) },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A batch of page views by identities mostly new to their day (so one missing batch shows), spread over the days: every batch marks days already rolled up. */
function batchOf(random: () => number, writer: number, batch: number): AnalyticsEvent[] {
  return Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
    const who = Math.floor(random() * 20_000);
    return {
      messageId: `w${writer}-b${String(batch).padStart(3, '0')}-e${String(i).padStart(3, '0')}`,
      type: 'page',
      event: null,
      name: null,
      userId: who % 3 === 0 ? null : `u${who}`,
      anonymousId: `a${who}`,
      properties: {},
      traits: {},
      timestamp: new Date(START + Math.floor(random() * DAYS * DAY_MS)),
    };
  });
}

async function answersOf(events: EventAnalytics, companyId: string) {
  const answers = [];
  for (const range of RANGES) {
    answers.push({
      activeUsers: await events.activeUsers(companyId, range),
      days: await events.activeUsersByBucket(companyId, 'day', range),
      weeks: await events.activeUsersByBucket(companyId, 'week', range),
      cohorts: await events.cohortActivity(companyId, range),
    });
  }
  return answers;
}

const available = await postgresAvailable();

describe.runIf(available)('the analytics rollup under concurrent ingestion [postgres]', () => {
  let db: TestDatabase;
  const companyId = uniqueId();
  const memory = new MemoryStore();
  const oracle = new InMemoryEventAnalytics(new InMemoryAnalyticsEvents(memory));

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    await new MikroOrmAnalyticsEventStore(db.orm.em, 'postgresql').prepare(new Date(START), new Date(START + DAYS * DAY_MS));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('rolls up a batch still open when the run starts: the run waits for it to commit', async () => {
    const other = uniqueId();
    const rollups = new SqlAnalyticsRollups(db.orm.em);
    const day = (n: number, who: string): AnalyticsEvent => ({
      messageId: `${who}-${n}`, type: 'page', event: null, name: null, userId: who, anonymousId: null, properties: {}, traits: {},
      timestamp: new Date(START + DAY_MS + n * 60_000),
    });
    // The day is marked, committed; a second batch of it is written and held open while a run starts.
    await inTransaction(db.orm.em, (em) => new MikroOrmAnalyticsEventLog(em).append(other, [day(1, 'early')], new Date()));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const open = new Promise<void>((resolve) => (written = resolve));
    const late = inTransaction(db.orm.em, async (em) => {
      await new MikroOrmAnalyticsEventLog(em).append(other, [day(2, 'late')], new Date());
      written();
      await held;
    });
    await open;
    const run = rollups.rollUp();
    await sleep(200);
    release();
    await late;
    await run;
    await rollups.rollUp();
    const sql = new SqlEventAnalytics(db.orm.em);
    expect(await sql.activeUsers(other, RANGES[0]!)).toBe(2);
  });

  it('forgets the dropped months: identities first seen in them are first seen at their next event', async () => {
    const other = uniqueId();
    const at = (iso: string) => new Date(iso);
    const page = (messageId: string, who: string, timestamp: string): AnalyticsEvent => ({
      messageId, type: 'page', event: null, name: null, userId: who, anonymousId: null, properties: {}, traits: {}, timestamp: at(timestamp),
    });
    // Months of 2001: no other case writes there.
    const planted = [
      page('j1', 'old', '2001-01-15T10:00:00Z'), page('j2', 'gone', '2001-01-20T10:00:00Z'),
      page('f1', 'old', '2001-02-06T10:00:00Z'), page('f2', 'new', '2001-02-13T10:00:00Z'), page('f3', 'old', '2001-02-14T09:00:00Z'),
    ];
    const store = new MikroOrmAnalyticsEventStore(db.orm.em, 'postgresql');
    const oracleMemory = new MemoryStore();
    const oracleEvents = new InMemoryAnalyticsEvents(oracleMemory);
    const oracleOf = new InMemoryEventAnalytics(oracleEvents);
    await store.prepare(at('2001-01-01T00:00:00Z'), at('2001-03-01T00:00:00Z'));
    await inTransaction(db.orm.em, (em) => new MikroOrmAnalyticsEventLog(em).append(other, planted, at('2001-03-01T00:00:00Z')));
    await new InMemoryUnitOfWork(oracleMemory).run(async (tx) => ok(await tx.analyticsEvents.append(other, planted, at('2001-03-01T00:00:00Z'))));
    await new SqlAnalyticsRollups(db.orm.em).rollUp();

    await store.dropBefore(at('2001-02-01T00:00:00Z'), at('2001-01-01T00:00:00Z'));
    await oracleEvents.dropBefore(at('2001-02-01T00:00:00Z'), at('2001-01-01T00:00:00Z'));
    const february = { from: at('2001-02-01T00:00:00Z'), to: at('2001-03-01T00:00:00Z') };
    const sql = new SqlEventAnalytics(db.orm.em);
    // `old` is first seen in the week of Feb 5 now; `new` in the week of Feb 12.
    expect(await sql.cohortActivity(other, february)).toEqual(await oracleOf.cohortActivity(other, february));
    expect((await sql.cohortActivity(other, february)).map((c) => c.identities)).toEqual([1, 1, 1]);
    expect(await sql.activeUsers(other, { from: at('2001-01-01T00:00:00Z'), to: at('2001-03-01T00:00:00Z') })).toBe(2);
  });

  it('answers as the events alone do, whatever the interleaving of batches and runs', async () => {
    const rollups = new SqlAnalyticsRollups(db.orm.em);
    const random = rng(20261206);
    const batches = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: BATCHES_PER_WRITER }, (_, b) => batchOf(random, w, b)));
    const memoryUow = new InMemoryUnitOfWork(memory);
    for (const batch of batches.flat()) await memoryUow.run(async (tx) => ok(await tx.analyticsEvents.append(companyId, batch, new Date())));

    let writing = true;
    let runs = 0;
    const runner = async () => {
      while (writing) {
        await rollups.rollUp();
        runs += 1;
      }
    };
    const writer = async (own: AnalyticsEvent[][]) => {
      for (const batch of own) {
        await inTransaction(db.orm.em, async (em) => {
          await new MikroOrmAnalyticsEventLog(em).append(companyId, batch, new Date());
          await sleep(Math.floor(random() * 5));
        });
      }
    };
    const runners = [runner(), runner()];
    await Promise.all(batches.map(writer));
    writing = false;
    await Promise.all(runners);
    expect(runs).toBeGreaterThan(4);

    const sql = new SqlEventAnalytics(db.orm.em);
    const expected = await answersOf(oracle, companyId);
    expect(await answersOf(sql, companyId)).toEqual(expected);

    await rollups.rollUp();
    const [marks] = await db.orm.em.fork().execute<{ n: string }[]>('select count(*)::text as n from analytics_rollup_marks where company_id = ?', [companyId]);
    expect(marks?.n).toBe('0');
    expect(await answersOf(sql, companyId)).toEqual(expected);
  });
});
