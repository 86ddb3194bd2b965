// AnalyticsEventLog (written in the unit of work's transaction) and AnalyticsEventStore (reads and
// upkeep), SPEC §3.9. The store is shared by every case of a describe, so each case works in
// companies of its own; the retention case keeps to months and receipt times no other case uses.
// Events are written only into months prepared first, as the app's upkeep does ahead of ingestion.
import { beforeAll, expect, it } from 'vitest';
import type { AnalyticsEventStore, AppendOutcome } from '../../application/ports/analytics-event-store';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { firstOfEachMessageId, type AnalyticsEvent, type StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import { err, ok } from '../../domain/shared/result';
import { uniqueId } from '../support/unique';

export interface AnalyticsStoreUnderTest {
  readonly uow: UnitOfWork;
  readonly store: AnalyticsEventStore;
  /** Makes queryable what was acknowledged (ClickHouse drains its journal); called before every read. */
  settle(): Promise<void>;
}

const RECEIVED = new Date('2026-03-20T08:00:00.000Z');
const MARCH = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

const trackEvent = (messageId: string, at = new Date('2026-03-10T10:00:00.123Z')): AnalyticsEvent => ({
  messageId,
  type: 'track',
  event: 'Product Viewed',
  name: null,
  userId: 'user-1',
  anonymousId: null,
  properties: { product_id: 'p-1' },
  traits: {},
  timestamp: at,
});

const ids = (count: number, prefix = 'm'): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

export function analyticsEventStoreContract(subject: () => AnalyticsStoreUnderTest): void {
  /** Appends as the ingestion use case does: distinct messageIds sorted by messageId, in a transaction. */
  const append = async (companyId: string, events: readonly AnalyticsEvent[], receivedAt = RECEIVED): Promise<AppendOutcome> => {
    const result = await subject().uow.run(async (tx) => ok(await tx.analyticsEvents.append(companyId, firstOfEachMessageId(events).unique, receivedAt)));
    if (!result.ok) throw new Error('append failed');
    return result.value;
  };
  const read = async <T>(query: (store: AnalyticsEventStore) => Promise<T>): Promise<T> => {
    await subject().settle();
    return query(subject().store);
  };
  const messageIdsOf = (events: readonly StoredAnalyticsEvent[]) => events.map((event) => event.messageId);

  beforeAll(() => subject().store.prepare(MARCH.from, MARCH.from));

  it('stores a batch and counts it, and tells a repeated batch apart as duplicates without storing it twice', async () => {
    const company = uniqueId();
    const batch = ids(5).map((id) => trackEvent(id));
    expect(await append(company, [])).toEqual({ accepted: 0, duplicates: 0 });
    expect(await append(company, batch)).toEqual({ accepted: 5, duplicates: 0 });
    expect(await append(company, batch)).toEqual({ accepted: 0, duplicates: 5 });
    expect(await append(company, [...batch.slice(0, 2), trackEvent('m-new')])).toEqual({ accepted: 1, duplicates: 2 });
    expect(await read((store) => store.count(company))).toBe(6);
    expect(messageIdsOf(await read((store) => store.list(company, MARCH, 100)))).toEqual([...ids(5), 'm-new'].sort());
  });

  it('keeps companies apart: the same messageId is stored for each, and no read shows another company', async () => {
    const [a, b] = [uniqueId(), uniqueId()];
    expect(await append(a, [trackEvent('shared'), trackEvent('only-a')])).toEqual({ accepted: 2, duplicates: 0 });
    expect(await append(b, [trackEvent('shared')])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await read((store) => store.count(a))).toBe(2);
    expect(await read((store) => store.count(b))).toBe(1);
    expect(await read((store) => store.list(b, MARCH, 100))).toEqual([expect.objectContaining({ companyId: b, messageId: 'shared' })]);
    expect(await read((store) => store.count(uniqueId()))).toBe(0);
    expect(await read((store) => store.list(uniqueId(), MARCH, 100))).toEqual([]);
  });

  it('stores each messageId once when concurrent batches overlap, and their accepted counts add up to the distinct ids', async () => {
    const company = uniqueId();
    const pool = ids(400, 'c');
    const at = new Date('2026-03-04T12:00:00Z');
    // Overlapping windows of the pool, each given in its own order: the use case sorts them alike.
    const batches = Array.from({ length: 8 }, (_, n) => {
      const window = pool.slice(n * 25, n * 25 + 200).map((id) => trackEvent(id, at));
      return n % 2 === 0 ? window.reverse() : window;
    });
    const outcomes = await Promise.all(batches.map((batch) => append(company, batch)));
    const distinct = new Set(batches.flat().map((event) => event.messageId));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.accepted, 0)).toBe(distinct.size);
    expect(outcomes.reduce((sum, outcome) => sum + outcome.accepted + outcome.duplicates, 0)).toBe(8 * 200);
    expect(await read((store) => store.count(company))).toBe(distinct.size);
    expect(messageIdsOf(await read((store) => store.list(company, MARCH, 1000)))).toEqual([...distinct].sort());
  });

  it('stores nothing for a rolled-back transaction, whose messageIds are accepted afterwards', async () => {
    const company = uniqueId();
    const batch = ids(3).map((id) => trackEvent(id));
    const rolledBack = await subject().uow.run(async (tx) => {
      expect(await tx.analyticsEvents.append(company, batch, RECEIVED)).toEqual({ accepted: 3, duplicates: 0 });
      return err('changed its mind');
    });
    expect(rolledBack).toEqual(err('changed its mind'));
    await expect(
      subject().uow.run(async (tx) => {
        await tx.analyticsEvents.append(company, batch, RECEIVED);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await read((store) => store.count(company))).toBe(0);
    expect(await append(company, batch)).toEqual({ accepted: 3, duplicates: 0 });
    expect(await read((store) => store.count(company))).toBe(3);
  });

  it('round-trips every field: JSON with Unicode and nesting, millisecond timestamps, and null fields', async () => {
    const company = uniqueId();
    const properties = {
      product_id: 'p-🙂',
      price: 19.99,
      quantity: 3,
      tags: ['Straße', 'مرحبا', '👩🏽‍🚀'],
      nested: { deeper: { flag: true, nothing: null, empty: {}, list: [1, 'two', { three: 3 }] } },
      "x' or '1'='1": '$1 ? ?? \\? %_',
      constructor: 'a key some object walkers trip on',
    };
    const events: AnalyticsEvent[] = [
      { messageId: 'identify', type: 'identify', event: null, name: null, userId: 'user-ü', anonymousId: 'anon-1', properties: {}, traits: { email: 'a@example.com', plan: { tier: 'pro', seats: 5 } }, timestamp: new Date('2026-03-05T01:02:03.004Z') },
      { messageId: 'page', type: 'page', event: null, name: 'Pricing — ページ', userId: null, anonymousId: 'anon-2', properties: { path: '/pricing?x=1' }, traits: {}, timestamp: new Date('2026-03-05T01:02:03.999Z') },
      { messageId: 'track', type: 'track', event: 'Order Completed', name: null, userId: 'user-2', anonymousId: null, properties, traits: {}, timestamp: new Date('2026-03-06T23:59:59.001Z') },
    ];
    const receivedAt = new Date('2026-03-07T12:34:56.789Z');
    expect(await append(company, events, receivedAt)).toEqual({ accepted: 3, duplicates: 0 });
    expect(await read((store) => store.list(company, MARCH, 10))).toEqual(events.map((event) => ({ ...event, companyId: company, receivedAt })));
  });

  it('round-trips text that array literals, JSON and SQL give meaning to, in every text field', async () => {
    const company = uniqueId();
    const nasty = ['"', '\\', '\\"', '{', '}', ',', 'NULL', 'null', ' spaced ', 'line\nbreak', 'tab\tand\u0001control', '\u2028\u2029', '🙂', "'", '$1', '?'];
    const events: AnalyticsEvent[] = nasty.map((text, i) => ({
      messageId: `${i}${text}`,
      type: 'track',
      event: text,
      name: text,
      userId: text,
      anonymousId: text,
      properties: { [text]: text, list: [text, { [text]: [text] }] },
      traits: { [`${text}"key`]: `${text}\\` },
      timestamp: new Date(Date.UTC(2026, 2, 5, 0, 0, 0, i)),
    }));
    expect(await append(company, events, new Date('2026-03-07T00:00:00Z'))).toEqual({ accepted: events.length, duplicates: 0 });
    const stored = await read((store) => store.list(company, MARCH, 100));
    expect(stored.map(({ companyId: _c, receivedAt: _r, ...event }) => event)).toEqual(events);
  });

  it('lists oldest first, ties by messageId, from inclusive and to exclusive, at most limit, and counts the same range', async () => {
    const company = uniqueId();
    const at = (iso: string) => new Date(iso);
    await append(company, [
      trackEvent('before', at('2026-03-09T23:59:59.999Z')),
      trackEvent('first-b', at('2026-03-10T00:00:00.000Z')),
      trackEvent('first-a', at('2026-03-10T00:00:00.000Z')),
      trackEvent('middle', at('2026-03-11T12:00:00.000Z')),
      trackEvent('last', at('2026-03-11T23:59:59.999Z')),
      trackEvent('at-to', at('2026-03-12T00:00:00.000Z')),
    ]);
    const range = { from: at('2026-03-10T00:00:00.000Z'), to: at('2026-03-12T00:00:00.000Z') };
    expect(messageIdsOf(await read((store) => store.list(company, range, 100)))).toEqual(['first-a', 'first-b', 'middle', 'last']);
    expect(messageIdsOf(await read((store) => store.list(company, range, 2)))).toEqual(['first-a', 'first-b']);
    expect(await read((store) => store.count(company, range))).toBe(4);
    expect(await read((store) => store.count(company))).toBe(6);
    expect(await read((store) => store.list(company, { from: at('2026-03-12T00:00:00.001Z'), to: at('2026-03-13T00:00:00Z') }, 100))).toEqual([]);
  });

  it('accepts events of every month from the first through the last prepared, also when prepared from several places at once', async () => {
    const company = uniqueId();
    const [first, last] = [new Date('2024-11-15T00:00:00Z'), new Date('2025-01-10T00:00:00Z')];
    await Promise.all(Array.from({ length: 4 }, () => subject().store.prepare(first, last)));
    await subject().store.prepare(first, last);
    const edges = [new Date('2024-11-01T00:00:00.000Z'), new Date('2024-12-31T23:59:59.999Z'), new Date('2025-01-31T23:59:59.999Z')];
    expect(await append(company, edges.map((at, n) => trackEvent(`edge-${n}`, at)))).toEqual({ accepted: 3, duplicates: 0 });
    const range = { from: edges[0]!, to: new Date('2025-02-01T00:00:00Z') };
    expect(messageIdsOf(await read((store) => store.list(company, range, 10)))).toEqual(['edge-0', 'edge-1', 'edge-2']);
  });

  it('drops whole months ending by the cutoff and forgets the keys received before keysBefore', async () => {
    // Months and receipt times of 2001: no other case writes there.
    const company = uniqueId();
    const at = (iso: string) => new Date(iso);
    await subject().store.prepare(at('2001-01-01T00:00:00Z'), at('2001-03-01T00:00:00Z'));
    await append(company, [trackEvent('january', at('2001-01-31T23:59:59.999Z')), trackEvent('february', at('2001-02-01T00:00:00.000Z'))], at('2001-02-10T00:00:00Z'));
    await append(company, [trackEvent('march', at('2001-03-15T00:00:00.000Z'))], at('2001-03-20T00:00:00Z'));
    const year = { from: at('2001-01-01T00:00:00Z'), to: at('2002-01-01T00:00:00Z') };

    // February ends after the cutoff, so it stays whole although the cutoff falls inside it.
    expect(await subject().store.dropBefore(at('2001-02-20T00:00:00Z'), at('2001-03-01T00:00:00Z'))).toEqual(['2001-01']);
    expect(messageIdsOf(await read((store) => store.list(company, year, 10)))).toEqual(['february', 'march']);

    // Keys received before keysBefore are forgotten: those messageIds are accepted again; later ones are still duplicates.
    expect(await append(company, [trackEvent('january', at('2001-03-31T00:00:00Z')), trackEvent('march', at('2001-03-31T00:00:00Z'))], at('2001-04-01T00:00:00Z'))).toEqual({ accepted: 1, duplicates: 1 });
    expect(await append(company, [trackEvent('february', at('2001-03-31T00:00:00Z'))], at('2001-04-01T00:00:00Z'))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await read((store) => store.count(company, year))).toBe(4);

    expect(await subject().store.dropBefore(at('2001-04-01T00:00:00Z'), at('2001-01-01T00:00:00Z'))).toEqual(['2001-02', '2001-03']);
    expect(await read((store) => store.count(company, year))).toBe(0);
    expect(await subject().store.dropBefore(at('2001-04-01T00:00:00Z'), at('2001-01-01T00:00:00Z'))).toEqual([]);
  });

  it('has nothing pending once settled, and answers ping', async () => {
    await append(uniqueId(), [trackEvent('pending?')]);
    await subject().settle();
    expect(await subject().store.oldestPending()).toBeNull();
    await expect(subject().store.ping()).resolves.toBeUndefined();
  });
}
