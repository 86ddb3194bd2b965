import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursor, compareKeys, cursorKey, decodeCursor, encodeCursor, keysetSlice, type KeyOrder } from '../../../domain/shared/page';
import { malformedCursors, walkPages } from '../../support/keyset-pages';

// Text a store can hold: no NUL, no unpaired surrogate.
const storableText = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000'));

describe('cursor codec', () => {
  it('round-trips any key of storable text and finite numbers, as base64url', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(storableText, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { minLength: 1, maxLength: 5 }), (key) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursorKey(cursor)).toEqual({ ok: true, value: JSON.parse(JSON.stringify(key)) });
      }),
    );
  });

  it('writes the same text as Node\'s base64url of the JSON', () => {
    const key = ['Zoë ☕', 12.5, -3, 'a/b+c'];
    expect(encodeCursor(key)).toBe(Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'));
  });

  it('finds no key in malformed cursors, and answers rather than throws for any text', () => {
    for (const cursor of malformedCursors().slice(0, -1)) expect(cursorKey(cursor).ok, cursor).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(typeof cursorKey(text).ok).toBe('boolean');
      }),
    );
  });

  it('refuses, as InvalidCursor, a key of another arity or other types', () => {
    const cursor = encodeCursor([1_700_000_000_000, 'id']);
    expect(decodeCursor(cursor, ['time', 'string'])).toEqual([1_700_000_000_000, 'id']);
    expect(decodeCursor(cursor, ['integer', 'string'])).toEqual([1_700_000_000_000, 'id']);
    expect(decodeCursor(cursor, ['number', 'string'])).toEqual([1_700_000_000_000, 'id']);
    for (const parts of [['string', 'string'], ['time'], ['time', 'string', 'string']] as const) {
      expect(() => decodeCursor(cursor, parts)).toThrow(InvalidCursor);
    }
    expect(() => decodeCursor(encodeCursor([1.5, 'id']), ['time', 'string'])).toThrow(InvalidCursor);
    expect(() => decodeCursor(encodeCursor([1e16, 'id']), ['time', 'string'])).toThrow(InvalidCursor);
    expect(() => decodeCursor(encodeCursor([2 ** 60, 'id']), ['integer', 'string'])).toThrow(InvalidCursor);
    expect(() => decodeCursor('!!!', ['time', 'string'])).toThrow(InvalidCursor);
  });
});

describe('keysetSlice', () => {
  interface Row {
    readonly score: number;
    readonly name: string;
    readonly id: string;
  }
  const order: KeyOrder<Row> = { columns: [['number', 'desc'], ['string', 'asc'], ['string', 'asc']], keyOf: (r) => [r.score, r.name, r.id] };
  const rows = fc.uniqueArray(
    fc.record({ score: fc.integer({ min: 0, max: 3 }), name: fc.constantFrom('a', 'B', 'b', 'é'), id: fc.string({ minLength: 1, maxLength: 4 }) }),
    { selector: (r) => r.id, maxLength: 30 },
  );

  it('walks every item once, in key order, at any page size', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 1, max: 7 }), async (items, limit) => {
        const sorted = [...items].sort((a, b) => compareKeys(order.keyOf(a), order.keyOf(b), order.columns));
        expect(await walkPages(limit, async (cursor) => keysetSlice(items, { limit, cursor }, order))).toEqual(sorted);
      }),
    );
  });

  it('keeps its place when the item a cursor names is gone', async () => {
    await fc.assert(
      fc.asyncProperty(rows.filter((r) => r.length >= 3), fc.integer({ min: 1, max: 2 }), async (items, limit) => {
        const sorted = [...items].sort((a, b) => compareKeys(order.keyOf(a), order.keyOf(b), order.columns));
        const first = keysetSlice(items, { limit }, order);
        const last = first.items.at(-1);
        const rest = items.filter((r) => r !== last);
        const after = await walkPages(limit, async (cursor) => keysetSlice(rest, { limit, cursor: cursor ?? first.nextCursor ?? undefined }, order));
        expect(after).toEqual(sorted.slice(limit));
      }),
    );
  });

  it('compares text by code point, numbers by value', () => {
    const columns = [['string', 'asc'], ['number', 'desc']] as const;
    expect(compareKeys(['B', 1], ['a', 1], columns)).toBeLessThan(0);
    expect(compareKeys(['a', 2], ['a', 10], columns)).toBeGreaterThan(0);
    expect(compareKeys(['a', 2], ['a', 2], columns)).toBe(0);
  });
});
