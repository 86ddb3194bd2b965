import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBounds } from '../../../adapters/http/json-bounds';

const depthOf = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

describe('jsonBounds', () => {
  it('never says less than the JSON text\'s UTF-8 length, and gives the exact depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bounds = jsonBounds(value);
        expect(bounds.bytesAtMost).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value)));
        expect(bounds.depth).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
  });

  it('bounds escaped control characters and astral text too', () => {
    const value = { ['\u0001\u001f"\\']: '\u0000\ud83d\ude00\u2028'.repeat(50) };
    expect(jsonBounds(value).bytesAtMost).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value)));
  });

  it('measures a value nested far deeper than the stack allows recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(jsonBounds(deep).depth).toBe(200_000);
  });
});
