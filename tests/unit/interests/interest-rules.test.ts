import { describe, expect, it } from 'vitest';
import { explicitInterests, strongestFirst } from '../../../domain/interests/interest-rules';

const at = new Date('2026-03-01T00:00:00Z');

describe('interest rules', () => {
  it('trims and lower-cases dimensions, trims values and marks them explicit', () => {
    expect(explicitInterests([{ dimension: '  Brand ', value: ' Fjord ', weight: 0.5 }], at)).toEqual({
      ok: true,
      value: [{ dimension: 'brand', value: 'Fjord', weight: 0.5, source: 'explicit', updatedAt: at }],
    });
  });

  it('accepts the bounds: 100 interests, weights 0 and 1, 50 and 100 characters', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ dimension: 'd'.repeat(50), value: `${'v'.repeat(97)}${i}`.slice(-100), weight: i % 2 }));
    expect(explicitInterests(many, at).ok).toBe(true);
    expect(explicitInterests([], at)).toEqual({ ok: true, value: [] });
  });

  it('names every invalid entry', () => {
    const result = explicitInterests(
      [
        { dimension: '   ', value: 'x', weight: 0.5 },
        { dimension: 'd'.repeat(51), value: 'x', weight: 0.5 },
        { dimension: 'color', value: ' ', weight: 0.5 },
        { dimension: 'color', value: 'v'.repeat(101), weight: 0.5 },
        { dimension: 'color', value: 'red', weight: 1.01 },
        { dimension: 'color', value: 'blue', weight: -0.1 },
      ],
      at,
    );
    expect(result.ok ? null : result.error.details?.map((d) => d.path)).toEqual([
      'interests.0.dimension', 'interests.1.dimension', 'interests.2.value', 'interests.3.value', 'interests.4.weight', 'interests.5.weight',
    ]);
  });

  it('refuses the same (dimension, value) twice, however it is spelt', () => {
    const result = explicitInterests(
      [{ dimension: 'Color', value: 'Red', weight: 0.2 }, { dimension: 'style', value: 'red', weight: 0.2 }, { dimension: ' color', value: 'red ', weight: 0.9 }],
      at,
    );
    expect(result.ok ? null : [result.error.code, result.error.details?.map((d) => d.path)]).toEqual(['validation_failed', ['interests.2']]);
    expect(explicitInterests([{ dimension: 'x', value: 'y', weight: 0.5 }, { dimension: 'y', value: 'x', weight: 0.5 }], at).ok).toBe(true);
    expect(explicitInterests(Array.from({ length: 101 }, (_, i) => ({ dimension: 'd', value: `v${i}`, weight: 0 })), at).ok).toBe(false);
  });

  it('orders strongest first, then by dimension, value and source in code-point order', () => {
    const i = (dimension: string, value: string, weight: number, source: 'explicit' | 'inferred' = 'explicit') => ({ dimension, value, weight, source, updatedAt: at });
    const sorted = [i('color', 'red', 0.2), i('brand', 'b', 0.9), i('brand', 'a', 0.9), i('age', 'z', 0.2), i('brand', 'B', 0.9), i('brand', 'a', 0.9, 'inferred')].sort(strongestFirst);
    expect(sorted.map((x) => `${x.dimension}:${x.value}:${x.source}`)).toEqual([
      'brand:B:explicit', 'brand:a:explicit', 'brand:a:inferred', 'brand:b:explicit', 'age:z:explicit', 'color:red:explicit',
    ]);
  });
});
