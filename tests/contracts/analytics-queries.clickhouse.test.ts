// The analytics queries contract with events on ClickHouse (TEST_CLICKHOUSE_URL), planted as
// ingestion plants them there (journalled in the relational store, then drained), and orders in
// the relational store (PostgreSQL when reachable, else PGlite), plus what only this adapter has:
// company ids, identities, event names and product ids spliced into SQL, product ids read from
// JSON text, and an outage told apart from an error.
import { InMemoryAnalyticsRollups } from '../../adapters/memory/in-memory-analytics-rollups';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClickHouse, type ClickHouse } from '../../adapters/clickhouse/clickhouse-client';
import { ClickHouseEventAnalytics } from '../../adapters/clickhouse/clickhouse-event-analytics';
import { clickHouseJournalEncoding } from '../../adapters/clickhouse/clickhouse-event-rows';
import { ClickHouseEventStore } from '../../adapters/clickhouse/clickhouse-event-store';
import { MikroOrmAnalyticsJournal, MikroOrmAnalyticsJournalLog } from '../../adapters/postgres/mikro-orm-analytics-journal';
import { MikroOrmOrderAnalytics } from '../../adapters/postgres/mikro-orm-order-analytics';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import type { JournalEncoding } from '../../application/ports/analytics-journal';
import { EventStoreUnavailable } from '../../application/ports/analytics-queries';
import { PRODUCT_VIEWED } from '../../domain/analytics/analytics-definitions';
import { firstOfEachMessageId, type AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { ok } from '../../domain/shared/result';
import { clickhouseAvailable, newClickHouseDatabase, TEST_CLICKHOUSE_URL, type TestClickHouseDatabase } from '../support/clickhouse';
import { HOSTILE_TEXTS, label } from '../support/hostile-text';
import { NOT_RUN } from '../support/not-run-reporter';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueId } from '../support/unique';
import { analyticsQueriesContract, type AnalyticsQueriesUnderTest } from './analytics-queries.contract';

const available = await clickhouseAvailable();
const relational = (await postgresAvailable()) ? 'postgres' : 'pglite';

const title = available
  ? `EventAnalytics [clickhouse] + OrderAnalytics [${relational}]`
  : `EventAnalytics [clickhouse] ${NOT_RUN} ClickHouse at ${TEST_CLICKHOUSE_URL} is unreachable`;

describe.skipIf(!available)(title, () => {
  let db: TestDatabase | undefined;
  let database: TestClickHouseDatabase | undefined;
  let ch: ClickHouse | undefined;
  let subject: AnalyticsQueriesUnderTest | undefined;

  beforeAll(async () => {
    db = await openTestDatabase(relational);
    database = newClickHouseDatabase();
    ch = await openClickHouse({ url: database.url });
    const opened = ch;
    const store = await ClickHouseEventStore.open(ch, new MikroOrmAnalyticsJournal(db.orm.em));
    const uow = new MikroOrmUnitOfWork(db.orm, { analyticsEvents: (em) => new MikroOrmAnalyticsJournalLog(em, clickHouseJournalEncoding) });
    subject = {
      events: new ClickHouseEventAnalytics(async () => opened),
      orders: new MikroOrmOrderAnalytics(db.orm.em),
      async plantEvents(companyId, events) {
        const result = await uow.run(async (tx) => ok(await tx.analyticsEvents.append(companyId, firstOfEachMessageId(events).unique, new Date())));
        if (!result.ok) throw new Error('append failed');
        while ((await store.oldestPending()) !== null) await store.drain();
      },
      async plantOrders(orders) {
        await uow.run(async (tx) => {
          for (const order of orders) await tx.orders.save(order);
          return ok(undefined);
        });
      },
      async rollUp() {
        await new InMemoryAnalyticsRollups().rollUp();
      },
    };
  });
  afterAll(async () => {
    await ch?.close();
    await database?.drop();
    await db?.close();
  });

  const under = (): AnalyticsQueriesUnderTest => {
    if (!subject) throw new Error('stores not opened');
    return subject;
  };
  analyticsQueriesContract(under);

  it('answers companies whose ids, identities, event names and product ids are hostile text from their own events only', async () => {
    // Each company: one identity (the text) viewing one product (the text) on Monday Mar 2, 2026
    // at 10:00, then doing a track event named the text 1 ms later. Were a company id's quotes to
    // end its literal, some company would count the others' identities, views or steps.
    const viewedAt = new Date('2026-03-02T10:00:00.000Z');
    const march = { from: new Date('2026-03-01T00:00:00.000Z'), to: new Date('2026-04-01T00:00:00.000Z') };
    const eventsOf = (text: string): AnalyticsEvent[] => [
      { messageId: 'view', type: 'track', event: PRODUCT_VIEWED, name: null, userId: text, anonymousId: null, properties: { product_id: text }, traits: {}, timestamp: viewedAt },
      { messageId: 'step', type: 'track', event: text, name: null, userId: text, anonymousId: null, properties: {}, traits: {}, timestamp: new Date(viewedAt.getTime() + 1) },
    ];
    for (const text of HOSTILE_TEXTS) await under().plantEvents(text, eventsOf(text));

    const { events } = under();
    for (const text of HOSTILE_TEXTS) {
      expect(await events.activeUsers(text, march), label(text)).toBe(1);
      expect(await events.activeUsersByBucket(text, 'day', march), label(text)).toEqual([{ start: new Date('2026-03-02T00:00:00.000Z'), count: 1 }]);
      expect(await events.productViews(text, march, { limit: 10 }), label(text)).toEqual([{ productId: text, views: 1 }]);
      expect(await events.productViews(text, march, { productIds: [text, "' or 1 = 1 or '"] }), label(text)).toEqual([{ productId: text, views: 1 }]);
      expect(await events.funnel(text, [PRODUCT_VIEWED, text], march, 1), label(text)).toEqual([1, 1]);
      expect(await events.cohortActivity(text, march), label(text)).toEqual([
        { cohortStart: new Date('2026-03-02T00:00:00.000Z'), activeStart: new Date('2026-03-02T00:00:00.000Z'), identities: 1 },
      ]);
    }
  });

  // Views whose properties hold product_id at the top or not, as a string or not, around JSON that
  // visitParam* would misread (keys nested before the top-level one, a key that holds the key's
  // text, strings that look like it, ids that JSON escapes), and the answer they make.
  const view = (n: number, properties: Record<string, unknown>): AnalyticsEvent => ({
    messageId: `v${n}`, type: 'track', event: PRODUCT_VIEWED, name: null, userId: `u${n % 3}`, anonymousId: null, properties, traits: {}, timestamp: new Date('2026-03-09T10:00:00.000Z'),
  });
  const PRODUCT_ID_VIEWS = [
    view(1, { nested: { product_id: 'nested' }, list: [{ product_id: 'in-list' }], product_id: 'top' }), // top
    view(2, { note: '"product_id":"fake" { [', product_id: 'top' }), // top
    view(3, { nested: { product_id: 'nested' } }), // none
    view(4, { product_id: { id: 'object' } }), // none
    view(5, { product_id: ['list'] }), // none
    view(6, { product_id: null, after: 'text' }), // none
    view(7, { product_id: 7, after: 'text' }), // none
    view(8, { 'x"product_id': 'key-look-alike', product_id_: 'other key' }), // none
    view(9, { product_id: 'quote " backslash \\ tab \t line \n control \u0001 🙂' }),
    view(10, { product_id: '' }), // an empty string is a string
    view(11, { product_id: '\\"' }),
    view(12, { product_id: 'first', nested: { product_id: 'nested' } }),
    view(13, { size: 1, product_id: 'flat' }),
  ];
  // Ties by product id in code point order: '' < '\\"' < 'first' < 'flat' < 'quote…'.
  const PRODUCT_ID_ANSWER = [
    { productId: 'top', views: 2 },
    { productId: '', views: 1 },
    { productId: '\\"', views: 1 },
    { productId: 'first', views: 1 },
    { productId: 'flat', views: 1 },
    { productId: 'quote " backslash \\ tab \t line \n control \u0001 🙂', views: 1 },
  ];
  const MARCH = { from: new Date('2026-03-01T00:00:00.000Z'), to: new Date('2026-04-01T00:00:00.000Z') };

  it('reads product_id at the top of the properties only, as a string, whatever the JSON around it holds', async () => {
    const company = uniqueId();
    await under().plantEvents(company, PRODUCT_ID_VIEWS);
    expect(await under().events.productViews(company, MARCH, { limit: 10 })).toEqual(PRODUCT_ID_ANSWER);
  });

  it('answers alike from a table made before identity and product_id, for its rows, the lines journalled before, and new ones', async () => {
    // The table as released, holding rows; journal lines made then (without the two fields) still
    // waiting when this version opens the store and adds the columns; and lines made now. Their
    // DEFAULT computes the two columns in ClickHouse, where eventLines computes them in Node.
    const RELEASED_TABLE = `create table analytics_events (company_id String, timestamp DateTime('UTC'), timestamp_ms UInt16, event String,
      type Enum8('track' = 1, 'identify' = 2, 'page' = 3), message_id String, name Nullable(String), user_id Nullable(String), anonymous_id Nullable(String),
      properties String, traits String, received_at DateTime('UTC'), received_ms UInt16, batch String)
      ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY (company_id, toDate(timestamp), event, timestamp)`;
    const RELEASED_FIELDS = 14;
    const released: JournalEncoding = {
      encode: (companyId, receivedAt, events) =>
        clickHouseJournalEncoding
          .encode(companyId, receivedAt, events)
          .split('\n')
          .map((line) => line.split('\t').slice(0, RELEASED_FIELDS).join('\t'))
          .join('\n'),
    };
    const storedRows = uniqueId();
    const journalledLines = uniqueId();
    const newLines = uniqueId();
    // One person anonymous, then identified with both ids, then by userId: identities anon and known.
    const people: AnalyticsEvent[] = [
      { ...view(20, {}), messageId: 'p1', userId: null, anonymousId: 'anon' },
      { ...view(21, {}), messageId: 'p2', userId: 'known', anonymousId: 'anon' },
      { ...view(22, {}), messageId: 'p3', userId: 'known', anonymousId: null },
    ];
    const events = [...PRODUCT_ID_VIEWS, ...people];

    if (!db) throw new Error('stores not opened');
    // The suite's journal: empty between cases, as plantEvents drains it.
    const { orm } = db;
    const bare = newClickHouseDatabase();
    const old = await openClickHouse({ url: bare.url });
    try {
      await old.client.command({ query: RELEASED_TABLE });
      const oldLines = released.encode(storedRows, new Date(), events);
      expect(oldLines.split('\n')[0]?.split('\t')).toHaveLength(RELEASED_FIELDS);
      await old.client.command({ query: `insert into analytics_events format TabSeparated\n${oldLines}` });
      const journal = new MikroOrmAnalyticsJournal(orm.em);
      const journalIn = (encoding: JournalEncoding, companyId: string) =>
        new MikroOrmUnitOfWork(orm, { analyticsEvents: (em) => new MikroOrmAnalyticsJournalLog(em, encoding) }).run(async (tx) =>
          ok(await tx.analyticsEvents.append(companyId, events, new Date())),
        );
      await journalIn(released, journalledLines);
      await journalIn(clickHouseJournalEncoding, newLines);

      // Two processes opening at once: each finds the columns missing, one of them adds each first.
      const [store] = await Promise.all([ClickHouseEventStore.open(old, journal), ClickHouseEventStore.open(old, journal)]);
      expect(await store.drain()).toBe(2 * events.length);
      const analytics = new ClickHouseEventAnalytics(async () => old);
      for (const company of [storedRows, journalledLines, newLines]) {
        expect(await analytics.productViews(company, MARCH, { limit: 10 }), company).toEqual(PRODUCT_ID_ANSWER);
        // u0, u1, u2 of the views, then anon and known.
        expect(await analytics.activeUsers(company, MARCH), company).toBe(5);
        expect(await analytics.funnel(company, [PRODUCT_VIEWED, PRODUCT_VIEWED], MARCH, 1), company).toEqual([5, 0]);
      }
      // Opening again finds the columns there.
      await ClickHouseEventStore.open(old, journal);
    } finally {
      await old.close();
      await bare.drop();
    }
  });

  it('rejects with EventStoreUnavailable when ClickHouse cannot be reached, and with the error ClickHouse answers when it answers one', async () => {
    const december = { from: new Date('2026-12-01T00:00:00.000Z'), to: new Date('2027-01-01T00:00:00.000Z') };
    // Nothing listens on port 1: the connection is refused, whether opening or querying.
    const unopened = new ClickHouseEventAnalytics(() => openClickHouse({ url: 'http://127.0.0.1:1/analytics' }));
    await expect(unopened.activeUsers('c', december)).rejects.toBeInstanceOf(EventStoreUnavailable);
    const refused = createClient({ url: 'http://127.0.0.1:1', log: { level: ClickHouseLogLevel.OFF } });
    const gone: ClickHouse = { client: refused, database: 'default', requestTimeoutMs: 1000, ping: async () => undefined, close: () => refused.close() };
    try {
      await expect(new ClickHouseEventAnalytics(async () => gone).funnel('c', ['a', 'b'], december, 1)).rejects.toBeInstanceOf(EventStoreUnavailable);
    } finally {
      await gone.close();
    }
    // A database without the events table: ClickHouse answers, with an error that is no outage.
    const bare = newClickHouseDatabase();
    const answering = await openClickHouse({ url: bare.url });
    try {
      const failure = await new ClickHouseEventAnalytics(async () => answering).cohortActivity('c', december).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(EventStoreUnavailable);
    } finally {
      await answering.close();
      await bare.drop();
    }
  });
});
