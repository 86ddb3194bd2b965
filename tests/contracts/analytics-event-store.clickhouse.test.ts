// The event store contract on ClickHouse (TEST_CLICKHOUSE_URL), fed from the journal in the
// relational store (PostgreSQL when reachable, else PGlite), plus what only this adapter has:
// redelivery of a batch an earlier drain inserted in part, company ids spliced into SQL, and
// values that TabSeparated lines must escape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClickHouse, type ClickHouse } from '../../adapters/clickhouse/clickhouse-client';
import { clickHouseJournalEncoding, INSERT_LINES } from '../../adapters/clickhouse/clickhouse-event-rows';
import { ClickHouseEventStore } from '../../adapters/clickhouse/clickhouse-event-store';
import { MikroOrmAnalyticsJournal, MikroOrmAnalyticsJournalLog } from '../../adapters/postgres/mikro-orm-analytics-journal';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { firstOfEachMessageId, type AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { ok } from '../../domain/shared/result';
import { clickhouseAvailable, newClickHouseDatabase, TEST_CLICKHOUSE_URL, type TestClickHouseDatabase } from '../support/clickhouse';
import { HOSTILE_TEXTS, label } from '../support/hostile-text';
import { NOT_RUN } from '../support/not-run-reporter';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueId } from '../support/unique';
import { analyticsEventStoreContract, type AnalyticsStoreUnderTest } from './analytics-event-store.contract';

const available = await clickhouseAvailable();
const relational = (await postgresAvailable()) ? 'postgres' : 'pglite';

const title = available
  ? `AnalyticsEventStore [clickhouse, journal on ${relational}]`
  : `AnalyticsEventStore [clickhouse] ${NOT_RUN} ClickHouse at ${TEST_CLICKHOUSE_URL} is unreachable`;

describe.skipIf(!available)(title, () => {
  let db: TestDatabase | undefined;
  let database: TestClickHouseDatabase | undefined;
  let ch: ClickHouse | undefined;
  let journal: MikroOrmAnalyticsJournal;
  let subject: AnalyticsStoreUnderTest | undefined;

  beforeAll(async () => {
    db = await openTestDatabase(relational);
    database = newClickHouseDatabase();
    ch = await openClickHouse({ url: database.url });
    journal = new MikroOrmAnalyticsJournal(db.orm.em);
    const store = await ClickHouseEventStore.open(ch, journal);
    subject = {
      uow: new MikroOrmUnitOfWork(db.orm, { analyticsEvents: (em) => new MikroOrmAnalyticsJournalLog(em, clickHouseJournalEncoding) }),
      store,
      settle: async () => {
        while ((await store.oldestPending()) !== null) await store.drain();
      },
    };
  });
  afterAll(async () => {
    await ch?.close();
    await database?.drop();
    await db?.close();
  });

  const under = (): AnalyticsStoreUnderTest => {
    if (!subject) throw new Error('store not opened');
    return subject;
  };
  analyticsEventStoreContract(under);

  const event = (messageId: string, at: Date): AnalyticsEvent => ({
    messageId, type: 'track', event: 'Product Viewed', name: null, userId: 'u', anonymousId: null, properties: {}, traits: {}, timestamp: at,
  });
  /** As a drain that crashed after its INSERT would have sent them. */
  const insertLines = async (lines: readonly string[]): Promise<void> => {
    if (!ch) throw new Error('ClickHouse not opened');
    await ch.client.command({ query: `${INSERT_LINES}\n${lines.map((line) => `${line}\n`).join('')}` });
  };
  const journalled = async (companyId: string, events: readonly AnalyticsEvent[]): Promise<void> => {
    const result = await under().uow.run(async (tx) => ok(await tx.analyticsEvents.append(companyId, events, new Date())));
    expect(result.ok).toBe(true);
  };

  it('completes a batch an earlier drain inserted in part (a crash between months), without doubling any event', async () => {
    await under().settle();
    const company = uniqueId();
    // Two months: the insert wrote one part per month, and only the first part made it.
    const events = [event('a', new Date('2026-02-27T10:00:00Z')), event('b', new Date('2026-02-28T10:00:00Z')), event('c', new Date('2026-03-02T10:00:00Z'))];
    await journalled(company, events);
    // The crashed drainer: it claimed the row (with a lease that has run out by now) and inserted February.
    const [claimed] = await journal.claim(1, 1);
    if (!claimed || !ch) throw new Error('nothing claimed');
    await insertLines(claimed.encoded.split('\n').filter((line) => line.includes('\t2026-02-')));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await under().store.drain()).toBe(1);
    expect(await under().store.oldestPending()).toBeNull();
    const range = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    expect((await under().store.list(company, range, 10)).map((e) => e.messageId)).toEqual(['a', 'b', 'c']);
  });

  it('reads and writes companies whose ids are hostile text, each seeing only its own events', async () => {
    const at = new Date('2026-03-03T03:03:03.333Z');
    for (const company of HOSTILE_TEXTS) await journalled(company, [event('only', at)]);
    await under().settle();
    const march = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    for (const company of HOSTILE_TEXTS) {
      expect(await under().store.count(company), label(company)).toBe(1);
      expect((await under().store.list(company, march, 10)).map((e) => e.companyId), label(company)).toEqual([company]);
    }
  });

  // What TabSeparated escapes (backslash, tab, line feed, carriage return) and its NULL marker, beside the hostile texts.
  const TAB_SEPARATED_TEXTS = ['\t', '\n', '\r', 'a\r\nb', '\\t', '\\n', '\\r', 'ends with\\', '\\\\N', 'null'];
  const TEXTS = [...HOSTILE_TEXTS, ...TAB_SEPARATED_TEXTS];
  // ClickHouse orders ties by UTF-8 bytes, JavaScript by UTF-16 units: compared in the latter's order.
  const byMessageId = (events: readonly AnalyticsEvent[]): AnalyticsEvent[] =>
    [...events].sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));

  it('stores every text field of an event as it was sent, whatever characters it holds', async () => {
    const company = uniqueId();
    const at = new Date('2026-03-04T04:04:04.044Z');
    const sent = TEXTS.map((text, i): AnalyticsEvent => ({
      messageId: `${text.slice(0, 90)}#${i}`,
      type: i % 2 === 0 ? 'track' : 'page',
      event: i % 2 === 0 ? text : null,
      name: i % 2 === 0 ? null : text,
      userId: text,
      anonymousId: i % 3 === 0 ? null : text,
      properties: { [text]: text, nested: { list: [text, null, 1.5] } },
      traits: { value: text },
      timestamp: at,
    }));
    await journalled(company, firstOfEachMessageId(sent).unique);
    await under().settle();
    const stored = await under().store.list(company, { from: at, to: new Date(at.getTime() + 1) }, TEXTS.length + 1);
    const fields = (e: AnalyticsEvent) => [e.messageId, e.type, e.event, e.name, e.userId, e.anonymousId, e.properties, e.traits, e.timestamp];
    expect(byMessageId(stored).map(fields)).toEqual(firstOfEachMessageId(sent).unique.map(fields));
  });

  it('sends only the missing lines of a batch whose messageIds need escaping, once each', async () => {
    await under().settle();
    const company = uniqueId();
    const at = new Date('2026-03-05T05:05:05.000Z');
    const events = firstOfEachMessageId(TEXTS.map((text) => event(text, at))).unique;
    await journalled(company, events);
    const [claimed] = await journal.claim(1, 1);
    if (!claimed) throw new Error('nothing claimed');
    const lines = claimed.encoded.split('\n').filter((line) => line !== '');
    await insertLines(lines.filter((_, i) => i % 2 === 0));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await under().store.drain()).toBe(Math.floor(lines.length / 2));
    const stored = await under().store.list(company, { from: at, to: new Date(at.getTime() + 1) }, TEXTS.length + 1);
    expect(byMessageId(stored).map((e) => e.messageId)).toEqual(events.map((e) => e.messageId));
  });
});
