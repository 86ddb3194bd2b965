// Presenters remembered per domain object, and their JSON text written once.
import { describe, expect, it } from 'vitest';
import { presentedJson, presentOnce } from '../../../adapters/http/schemas/common';

describe('presentOnce', () => {
  const calls: string[] = [];
  const present = presentOnce((value: { name: string }) => {
    calls.push(value.name);
    return { title: value.name.toUpperCase(), tags: [value.name] };
  });

  it('presents each object once and hands out the same presentation again', () => {
    const a = { name: 'boot' };
    const b = { name: 'boot' };
    const first = present(a);
    expect(present(a)).toBe(first);
    expect(present(b)).not.toBe(first);
    expect(present(b)).toEqual(first);
    expect(calls).toEqual(['boot', 'boot']);
  });

  it('writes the JSON text of a presentation once and answers the same text after', () => {
    const shown = present({ name: 'sandal' });
    const text = presentedJson(shown);
    expect(text).toBe(JSON.stringify({ title: 'SANDAL', tags: ['sandal'] }));
    expect(presentedJson(shown)).toBe(text);
  });

  it('has no text for bodies it did not present', () => {
    expect(presentedJson({ title: 'BOOT' })).toBeUndefined();
    expect(presentedJson('text')).toBeUndefined();
    expect(presentedJson(null)).toBeUndefined();
    expect(presentedJson(undefined)).toBeUndefined();
  });
});
