// The rollup plan covers a range exactly once: whole unmarked days from the rollup, everything
// else (marked days, the partial first and last days) as spans of events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayKey, markedSpansBefore, planRange } from '../../../adapters/postgres/rollup-plan';

const DAY_MS = 86_400_000;
const BASE = Date.parse('2026-12-28T00:00:00.000Z');
const at = (iso: string) => new Date(iso);
const timestamps = (literal: string): number[] => (literal === '{}' ? [] : literal.slice(1, -1).split(',').map((iso) => Date.parse(iso)));

describe('planRange', () => {
  it('reads whole unmarked days from the rollup and the partial edges and marked days from the events', () => {
    const plan = planRange({ from: at('2026-12-30T12:00:00.000Z'), to: at('2027-01-03T06:00:00.000Z') }, new Set(['2027-01-01']));
    expect(plan.rolledDays).toEqual(['2026-12-31', '2027-01-02']);
    expect(plan.eventSpans).toEqual({
      starts: '{2026-12-30T12:00:00.000Z,2027-01-01T00:00:00.000Z,2027-01-03T00:00:00.000Z}',
      ends: '{2026-12-31T00:00:00.000Z,2027-01-02T00:00:00.000Z,2027-01-03T06:00:00.000Z}',
    });
  });

  it('plans nothing for an empty range', () => {
    expect(planRange({ from: at('2027-01-01T10:00:00.000Z'), to: at('2027-01-01T10:00:00.000Z') }, new Set())).toEqual({ rolledDays: [], eventSpans: { starts: '{}', ends: '{}' } });
  });

  it('covers every instant of the range exactly once, from the rollup only where a whole unmarked day is', () => {
    const instant = fc.integer({ min: 0, max: 20 * DAY_MS }).map((ms) => BASE + ms);
    fc.assert(
      fc.property(instant, instant, fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { maxLength: 10 }), fc.array(instant, { minLength: 1, maxLength: 30 }), (a, b, markedOffsets, probes) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const marked = new Set(markedOffsets.map((d) => dayKey(new Date(BASE + d * DAY_MS))));
        const plan = planRange({ from: new Date(from), to: new Date(to) }, marked);
        const starts = timestamps(plan.eventSpans.starts);
        const ends = timestamps(plan.eventSpans.ends);
        for (const day of plan.rolledDays) {
          const start = Date.parse(`${day}T00:00:00.000Z`);
          expect(marked.has(day)).toBe(false);
          expect(start >= from && start + DAY_MS <= to).toBe(true);
        }
        for (const t of probes) {
          const inRolled = plan.rolledDays.includes(dayKey(new Date(t))) ? 1 : 0;
          const inSpans = starts.filter((s, i) => t >= s && t < ends[i]!).length;
          expect(inRolled + inSpans).toBe(t >= from && t < to ? 1 : 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('markedSpansBefore', () => {
  it('spans the marked days before `to`, merged when adjacent and cut at `to`', () => {
    expect(markedSpansBefore(at('2027-01-03T06:00:00.000Z'), ['2027-01-03', '2026-12-30', '2026-12-31', '2027-01-05'])).toEqual({
      starts: '{2026-12-30T00:00:00.000Z,2027-01-03T00:00:00.000Z}',
      ends: '{2027-01-01T00:00:00.000Z,2027-01-03T06:00:00.000Z}',
    });
  });
});
