// The events table's lines: the identity and product_id fields eventLines computes for the
// analytics queries, and the INSERT each version of the lines goes in with.
import { describe, expect, it } from 'vitest';
import { eventLines, INSERT_LINES, insertOfLines } from '../../../adapters/clickhouse/clickhouse-event-rows';
import type { AnalyticsEvent } from '../../../domain/analytics/analytics-event';

const event = (who: Pick<AnalyticsEvent, 'userId' | 'anonymousId'>, properties: Record<string, unknown>): AnalyticsEvent => ({
  messageId: 'm', type: 'track', event: 'Product Viewed', name: null, ...who, properties, traits: {}, timestamp: new Date('2026-03-02T10:00:00.123Z'),
});
/** The last two fields of each line: identity, product_id. */
const added = (events: readonly AnalyticsEvent[]): string[][] =>
  eventLines('b', 'c', new Date('2026-03-02T10:00:01.000Z'), events)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t').slice(-2));

describe('eventLines', () => {
  it('ends each line with the identity (userId, else anonymousId) and properties.product_id when a string, else NULL', () => {
    expect(
      added([
        event({ userId: 'u', anonymousId: 'a' }, { product_id: 'p-1' }),
        event({ userId: null, anonymousId: 'a' }, { product_id: '' }),
        event({ userId: 'u', anonymousId: null }, { product_id: 7 }),
        event({ userId: 'u', anonymousId: null }, { nested: { product_id: 'p-2' } }),
        event({ userId: 'tab\there', anonymousId: null }, { product_id: 'line\nand \\N' }),
      ]),
    ).toEqual([
      ['u', 'p-1'],
      ['a', ''],
      ['u', '\\N'],
      ['u', '\\N'],
      ['tab\\there', 'line\\nand \\\\N'],
    ]);
  });
});

describe('insertOfLines', () => {
  const lines = eventLines('b', 'c', new Date('2026-03-02T10:00:01.000Z'), [event({ userId: 'u', anonymousId: null }, { product_id: 'p' })]);
  const released = lines.split('\t').slice(0, 14).join('\t');

  it('inserts lines as eventLines makes them with every column, and lines journalled before identity and product_id without them', () => {
    expect(insertOfLines(lines)).toBe(INSERT_LINES);
    expect(INSERT_LINES).toMatch(/, batch, identity, product_id\) format TabSeparated$/);
    expect(insertOfLines(`${released}\n`)).toMatch(/, received_ms, batch\) format TabSeparated$/);
  });

  it('refuses lines of any other shape', () => {
    expect(() => insertOfLines('a\tb\n')).toThrow(/2 fields/);
  });
});
