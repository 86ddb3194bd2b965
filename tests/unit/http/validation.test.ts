// parseWith, the one gate of every route's params, query and body: flawed text is refused
// before the schema runs, and no refusal names more than 20 problems or echoes huge keys.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_NAMED_PROBLEMS } from '../../../adapters/http/error-to-http';
import { parseWith } from '../../../adapters/http/validation';

const Body = z.strictObject({ name: z.string().max(10), tags: z.array(z.string()).optional(), attributes: z.record(z.string(), z.string()).optional() });

const refused = (value: unknown, prefix = '') => {
  const parsed = parseWith(Body, value, prefix);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.error;
};

describe('parseWith', () => {
  it('parses what the schema accepts', () => {
    expect(parseWith(Body, { name: 'Kettle', tags: ['🙂'] }, '')).toEqual({ ok: true, value: { name: 'Kettle', tags: ['🙂'] } });
  });

  it('refuses NUL and lone surrogates before the schema, under the prefix, keys written as escapes', () => {
    expect(refused({ name: 'a\u0000' }, 'query').details).toEqual([{ path: 'query.name', message: expect.stringContaining('NUL') }]);
    // Even where the schema would refuse the field for another reason, or does not know it.
    expect(refused({ name: 'x'.repeat(50) + '\uD800', unknown: 1 }).details?.map((d) => d.path)).toEqual(['name']);
    expect(refused({ attributes: { ['a\u0000b\uDC00']: 'v' } }).details?.map((d) => d.path)).toEqual(['attributes.a\\u0000b\\udc00']);
    expect(refused('\uD800').details?.map((d) => d.path)).toEqual(['body']);
  });

  it('names each unknown key on its own path, at most 20, and says how many there were', () => {
    expect(refused({ name: 'a', role: 'owner' })).toEqual({
      code: 'validation_failed', message: 'Invalid request body', details: [{ path: 'role', message: 'Unknown field' }],
    });
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const error = refused({ name: 'a', ...many }, 'query');
    expect(error.details).toHaveLength(MAX_NAMED_PROBLEMS);
    expect(error.details?.[0]).toEqual({ path: 'query.k0', message: 'Unknown field' });
    expect(error.message).toBe('Invalid request query: 1000 problems, the first 20 named');
  });

  it('caps every kind of problem, and cuts long keys and deep paths', () => {
    const error = refused({ name: 'a', tags: Array.from({ length: 30 }, () => 5) });
    expect(error.details).toHaveLength(20);
    expect(error.message).toContain('30 problems');
    const longKey = `${'k'.repeat(63)}🙂tail`;
    expect(refused({ name: 'a', [longKey]: 1 }).details?.[0]?.path).toBe(`${'k'.repeat(63)}…`);
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(refused({ name: deep }).details?.[0]?.path).toBe(`name${'.0'.repeat(31)}.…`);
  });
});
