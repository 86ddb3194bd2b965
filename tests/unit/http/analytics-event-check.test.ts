import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvent, checkEventFully, eventAsIs } from '../../../adapters/http/analytics-event-check';

// The hand check may only ever say yes where the full check says yes, with the same event; and
// it must say yes to the events SDKs send, or ingestion would pay for the full check again.

const timestamp = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** Text as clients send it, and now and then what must be refused: NUL, a lone surrogate, nothing. */
const text = (maxLength: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: maxLength + 2 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '\u0000', 'a\ud800', '\udc00b', 'x'.repeat(maxLength + 1)) },
  );
const bag = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'x', 7, JSON.parse('{"__proto__": {"a": 1}, "b": 2}'), { deep: nested(40) }) },
);
const sdkEvent = fc.record(
  {
    messageId: text(100),
    type: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('track', 'identify', 'page') }, { weight: 1, arbitrary: fc.string() }),
    event: text(200),
    name: text(200),
    userId: text(200),
    anonymousId: text(200),
    properties: bag,
    traits: bag,
    timestamp: fc.oneof({ weight: 8, arbitrary: timestamp }, { weight: 1, arbitrary: fc.constantFrom('2026-02-30T00:00:00Z', '2026-01-01', 'now', '2026-01-01T00:00:00+01:00') }),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = { v: value };
  return value;
}

/** As the route gets it: through JSON. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('the hand check of an SDK event', () => {
  it('accepts only what the full check accepts, and gives the same event', () => {
    fc.assert(
      fc.property(fc.oneof(sdkEvent, fc.jsonValue()), (generated) => {
        const item = overTheWire(generated);
        const quick = eventAsIs(item);
        const full = checkEventFully(item, 0);
        if (quick) expect(full).toEqual({ event: quick });
        expect(checkEvent(item, 0)).toEqual(full);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the events an SDK sends without the full check', () => {
    const sent = {
      messageId: '0b7e1c62-1a4d-4c5b-9a53-0d6c1f7e2a11', type: 'track', event: 'Product Viewed', anonymousId: 'anon-1',
      properties: { product_id: 'p-1', price: 19.9, tags: ['trail', 'waterproof'], sizes: { eu: 42, us: 9 }, gift: false, note: null },
      timestamp: '2026-12-06T10:00:00.000+01:00',
    };
    expect(eventAsIs(overTheWire(sent))).toEqual({
      messageId: sent.messageId, type: 'track', event: 'Product Viewed', name: null, userId: null, anonymousId: 'anon-1',
      properties: sent.properties, traits: {}, timestamp: new Date('2026-12-06T09:00:00.000Z'),
    });
    expect(eventAsIs({ messageId: 'm', type: 'identify', userId: 'u', traits: { plan: 'pro' }, timestamp: '2026-12-06T10:00:00Z' })).toBeDefined();
    expect(eventAsIs({ messageId: 'm', type: 'page', name: 'Home', anonymousId: 'a', timestamp: '2026-12-06T10:00:00Z' })).toBeDefined();
  });

  it('leaves the edges to the full check, which refuses them with their reason', () => {
    const base = { messageId: 'm', type: 'track', event: 'E', anonymousId: 'a', timestamp: '2026-12-06T10:00:00Z' };
    const cases: [unknown, string][] = [
      [{ ...base, properties: { text: 'x'.repeat(40_000) } }, 'event_too_large'],
      [{ ...base, properties: nested(40) }, 'invalid_event'],
      [{ ...base, properties: { 'bad\u0000key': 1 } }, 'invalid_event'],
      [{ ...base, companyId: 'other' }, 'invalid_event'],
      [{ ...base, event: undefined }, 'invalid_event'],
    ];
    for (const [item, code] of cases) {
      expect(eventAsIs(overTheWire(item))).toBeUndefined();
      expect(checkEvent(overTheWire(item), 3)).toEqual({ rejected: { index: 3, error: { code, message: expect.any(String) } } });
    }
    // Near the limit but under it: not sure by the bound, accepted by the exact size.
    const nearLimit = { ...base, properties: { text: 'x'.repeat(20_000) } };
    expect(eventAsIs(nearLimit)).toBeUndefined();
    expect(checkEvent(nearLimit, 0)).toHaveProperty('event');
  });
});
