import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Interest } from '../../../domain/interests/interest';
import {
  INFERENCE_HALF_LIFE_DAYS, MAX_INFERRED_INTERESTS, TRAIT_GAIN, decay, reinforce, weightAt, type PurchasedTraits,
} from '../../../domain/interests/interest-inference';

const DAY = 86_400_000;
const t0 = new Date('2026-03-01T00:00:00Z');
const days = (n: number) => new Date(t0.getTime() + n * DAY);
const line = (extra: Partial<PurchasedTraits> = {}): PurchasedTraits => ({ categoryName: 'Lamps', brand: 'Lumo', tags: ['brass'], quantity: 1, ...extra });
const weightOf = (interests: readonly Interest[], dimension: string, value: string, at = t0) =>
  weightAt(interests.find((i) => i.dimension === dimension && i.value === value) as Interest, at).weight;

describe('interest inference rules', () => {
  it('turns a purchase into category, brand and tag interests weighted by dimension', () => {
    const inferred = reinforce([], [line()], t0);
    expect(inferred.map(({ dimension, value, weight, source }) => ({ dimension, value, weight: weight.toFixed(10), source }))).toEqual([
      { dimension: 'category', value: 'Lamps', weight: TRAIT_GAIN.category.toFixed(10), source: 'inferred' },
      { dimension: 'brand', value: 'Lumo', weight: TRAIT_GAIN.brand.toFixed(10), source: 'inferred' },
      { dimension: 'tag', value: 'brass', weight: TRAIT_GAIN.tag.toFixed(10), source: 'inferred' },
    ]);
  });

  it('halves evidence every half-life, and explicit interests never fade', () => {
    const evidence = (w: number) => -Math.log(1 - w);
    expect(evidence(decay(0.8, t0, days(INFERENCE_HALF_LIFE_DAYS)))).toBeCloseTo(evidence(0.8) / 2, 10);
    expect(decay(0.05, t0, days(INFERENCE_HALF_LIFE_DAYS))).toBeCloseTo(0.025, 3);
    expect(decay(0.8, days(5), t0)).toBe(0.8);
    const explicit: Interest = { dimension: 'color', value: 'red', weight: 0.7, source: 'explicit', updatedAt: t0 };
    expect(weightAt(explicit, days(365)).weight).toBe(0.7);
  });

  it('strengthens a repeated trait, and fresh evidence counts more than old', () => {
    const once = reinforce([], [line()], t0);
    const twice = reinforce(once, [line()], days(1));
    expect(weightOf(twice, 'category', 'Lamps', days(1))).toBeGreaterThan(weightOf(once, 'category', 'Lamps'));
    const boughtThreeMonthsApart = reinforce(once, [line()], days(90));
    const boughtTwiceToday = reinforce(reinforce([], [line()], days(90)), [line()], days(90));
    expect(weightOf(boughtThreeMonthsApart, 'category', 'Lamps', days(90))).toBeLessThan(weightOf(boughtTwiceToday, 'category', 'Lamps', days(90)));
  });

  it('matches traits case-insensitively and counts several units of a line, up to a cap', () => {
    const inferred = reinforce(reinforce([], [line({ brand: 'LUMO' })], t0), [line({ brand: 'lumo ' })], t0);
    expect(inferred.filter((i) => i.dimension === 'brand')).toHaveLength(1);
    const three = reinforce([], [line({ quantity: 3 })], t0);
    expect(weightOf(three, 'category', 'Lamps')).toBeCloseTo(1 - 0.7 ** 3, 10);
    expect(weightOf(reinforce([], [line({ quantity: 50 })], t0), 'category', 'Lamps')).toBeCloseTo(1 - 0.7 ** 5, 10);
  });

  it('forgets interests that faded to nothing and keeps at most the strongest hundred', () => {
    const old = reinforce([], [line({ tags: [] })], t0);
    const muchLater = reinforce(old, [line({ categoryName: null, brand: null, tags: ['new'] })], days(20 * INFERENCE_HALF_LIFE_DAYS));
    expect(muchLater.map((i) => i.value)).toEqual(['new']);
    const many = reinforce([], Array.from({ length: 150 }, (_, i) => line({ categoryName: null, brand: null, tags: [`t${i}`] })), t0);
    expect(many).toHaveLength(MAX_INFERRED_INTERESTS);
  });

  it('keeps every weight within 0..1 and gives the same answer whatever order purchases arrive in', () => {
    const purchase = fc.record({
      categoryName: fc.option(fc.constantFrom('Lamps', 'Rugs', 'Chairs'), { nil: null }),
      brand: fc.option(fc.constantFrom('Lumo', 'Weft'), { nil: null }),
      tags: fc.array(fc.constantFrom('brass', 'wool', 'oak'), { maxLength: 3 }),
      quantity: fc.integer({ min: 1, max: 9 }),
    });
    const dated = fc.tuple(fc.integer({ min: 0, max: 400 }), purchase);
    fc.assert(
      fc.property(fc.array(dated, { minLength: 1, maxLength: 8 }), (purchases) => {
        const apply = (list: typeof purchases) => list.reduce<Interest[]>((acc, [d, p]) => reinforce(acc, [p], days(d)), []);
        const inOrder = apply([...purchases].sort((a, b) => a[0] - b[0]));
        const shuffled = apply([...purchases].reverse());
        const end = days(400);
        const at = (list: Interest[], i: Interest) => {
          const found = list.find((j) => j.dimension === i.dimension && j.value === i.value);
          return found ? weightAt(found, end).weight : 0;
        };
        for (const interest of [...inOrder, ...shuffled]) {
          const w = at(inOrder, interest);
          expect(w).toBeGreaterThanOrEqual(0);
          expect(w).toBeLessThan(1);
          // Equal but for evidence forgotten on the way: below 0.01 each time some was dropped,
          // which can happen once per purchase applied (seed -1335902518 forgot twice: 0.0100002).
          expect(Math.abs(at(shuffled, interest) - w)).toBeLessThan(0.01 * purchases.length);
        }
      }),
    );
  });
});
