// The edge's text scan: a NUL byte or a lone surrogate anywhere in a nested JSON value (strings,
// array items, object keys, any depth) is found at its path; well-formed values pass untouched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTextFlaws, flawOf } from '../../../adapters/http/text-flaws';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Segment = string | number;

/** Any Unicode text a store can hold: every code point but NUL, surrogates only in pairs. */
const clean = fc.string({ unit: 'binary', maxLength: 8 }).filter((s) => flawOf(s) === null);
/** Text with a NUL or a lone (high or low) surrogate somewhere. */
const flawed = fc
  .tuple(clean, fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDE00\uD83D'), clean)
  .map(([before, bad, after]) => `${before}${bad}${after}`);

const { json } = fc.letrec<{ json: Json; array: Json[]; object: Record<string, Json> }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, clean, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc.dictionary(clean, tie('json'), { maxKeys: 4 }),
}));

/** Every array and object in `value` with its path, the value itself first. */
function containers(value: Json, path: Segment[] = []): { at: Json[] | Record<string, Json>; path: Segment[] }[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [Segment, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [{ at: value, path }, ...entries.flatMap(([key, child]) => containers(child, [...path, key]))];
}

/** Puts `bad` into one container of `tree`, as a value or as a key; answers where it went. */
function plant(tree: Json, pick: number, bad: string, asKey: boolean): { value: Json; path: Segment[] } {
  const value: Json = { root: structuredClone(tree) };
  const all = containers(value);
  const { at, path } = all[pick % all.length]!;
  if (Array.isArray(at)) {
    at.push(asKey ? { [bad]: 1 } : bad);
    return { value, path: asKey ? [...path, at.length - 1, bad] : [...path, at.length - 1] };
  }
  let key = asKey ? bad : 'planted';
  while (!asKey && key in at) key += '_';
  at[key] = asKey ? 1 : bad;
  return { value, path: [...path, key] };
}

describe('findTextFlaws', () => {
  it('finds a NUL or lone surrogate planted anywhere, key or value, at its path', () => {
    fc.assert(
      fc.property(json, fc.nat(), flawed, fc.boolean(), (tree, pick, bad, asKey) => {
        const { value, path } = plant(tree, pick, bad, asKey);
        expect(findTextFlaws(value, 20)).toEqual({ named: [{ path, message: expect.stringMatching(/NUL|surrogate/) }], count: 1 });
      }),
      { numRuns: 500 },
    );
  });

  it('passes any well-formed value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(findTextFlaws(value, 20)).toEqual({ named: [], count: 0 });
      }),
      { numRuns: 500 },
    );
  });

  it('tells NUL from a lone surrogate, and takes whole pairs and U+FFFD as text', () => {
    expect(flawOf('a\u0000')).toMatch(/NUL/);
    expect(flawOf('a\uD800')).toMatch(/surrogate/);
    expect(flawOf('\uDC00a')).toMatch(/surrogate/);
    for (const fine of ['', '🙂', '\uD83D\uDE42', '\uFFFD', 'e\u0301', '\u0001\u007F']) expect(flawOf(fine)).toBeNull();
  });

  it('counts every flaw but names only as many as asked', () => {
    const value = { items: Array.from({ length: 50 }, () => '\u0000'), [`k\uD800`]: 'x' };
    const found = findTextFlaws(value, 20);
    expect(found.count).toBe(51);
    expect(found.named).toHaveLength(20);
  });

  it('walks a value nested deeper than the call stack allows', () => {
    let deep: Json = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const found = findTextFlaws(deep, 1);
    expect(found.count).toBe(1);
    expect(found.named[0]?.path).toHaveLength(200_000);
  });

  it('looks at a bare string too', () => {
    expect(findTextFlaws('a\u0000', 5)).toEqual({ named: [{ path: [], message: expect.stringMatching(/NUL/) }], count: 1 });
    expect(findTextFlaws(42, 5).count).toBe(0);
  });
});
