// Which parts of a range the daily rollup answers for (sql-analytics-rollups.ts) and which are
// read from the events: a UTC day comes from the rollup when it lies wholly in the range and has
// no mark; marked days and the range's partial first and last days come from the events.
import type { TimeRange } from '../../application/ports/analytics-event-store';
import { DAY_MS } from '../../domain/analytics/analytics-definitions';

export interface RollupPlan {
  /** Days (`YYYY-MM-DD`) to read from the rollup, ascending. */
  readonly rolledDays: string[];
  /** The rest of the range, as the starts and ends of spans to read from the events: PostgreSQL array literals of timestamptz. */
  readonly eventSpans: SpanArrays;
}

export interface SpanArrays {
  readonly starts: string;
  readonly ends: string;
}

/** A UTC day's key, as the rollup stores it. */
export const dayKey = (at: Date): string => at.toISOString().slice(0, 10);

const floorDay = (at: Date): number => Math.floor(at.getTime() / DAY_MS) * DAY_MS;

/** Adjacent spans merged, so a run of marked days is one index range scan. */
function spanArrays(spans: readonly (readonly [number, number])[]): SpanArrays {
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && last[1] === start) last[1] = end;
    else merged.push([start, end]);
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  return { starts: `{${merged.map(([s]) => iso(s)).join(',')}}`, ends: `{${merged.map(([, e]) => iso(e)).join(',')}}` };
}

/** `marked`: the range's days with a rollup mark (any others are ignored). */
export function planRange(range: TimeRange, marked: ReadonlySet<string>): RollupPlan {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const rolledDays: string[] = [];
  const spans: [number, number][] = [];
  if (from >= to) return { rolledDays, eventSpans: spanArrays(spans) };
  for (let day = floorDay(range.from); day < to; day += DAY_MS) {
    const key = dayKey(new Date(day));
    if (day >= from && day + DAY_MS <= to && !marked.has(key)) rolledDays.push(key);
    else spans.push([Math.max(day, from), Math.min(day + DAY_MS, to)]);
  }
  return { rolledDays, eventSpans: spanArrays(spans) };
}

/** The marked days (`YYYY-MM-DD`, any order) cut at `to`: where first events ever may be missing from `analytics_first_seen`. */
export function markedSpansBefore(to: Date, marked: Iterable<string>): SpanArrays {
  const spans = [...marked]
    .map((key) => Date.parse(`${key}T00:00:00.000Z`))
    .filter((day) => day < to.getTime())
    .sort((a, b) => a - b)
    .map((day): [number, number] => [day, Math.min(day + DAY_MS, to.getTime())]);
  return spanArrays(spans);
}
