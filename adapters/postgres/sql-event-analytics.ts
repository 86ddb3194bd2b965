// EventAnalytics over `analytics_events` on PostgreSQL and PGlite (the same SQL), aggregated in
// the database, every value a bind parameter. Each statement bounds its scan by company and
// timestamp, so the month partitions and the indexes serve it: identities come from
// (company_id, "timestamp") include (user_id, anonymous_id), track events from
// (company_id, event, "timestamp") where type = 'track', both index-only where the planner finds
// it cheaper (Migration20261206161500_analytics_query_indexes). Distinct counts are taken over a
// `select distinct` (hashed) rather than `count(distinct …)`, which sorts.
// Active users and retention read whole rolled-up days from the daily rollup and the rest of the
// range from the events (rollup-plan.ts); the marks and the rows are read in one snapshot, so the
// answer is the one the events alone give.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimeRange } from '../../application/ports/analytics-event-store';
import type { BucketCount, BucketInterval, CohortActivity, EventAnalytics, ProductViews } from '../../application/ports/analytics-queries';
import { dayKey, markedSpansBefore, planRange, type SpanArrays } from './rollup-plan';
import { inSnapshot } from './transaction';

/** An event's identity: its userId, else its anonymousId. */
const IDENTITY = 'coalesce(user_id, anonymous_id)';

/**
 * The UTC bucket (`date_trunc` field: day, week from Monday, month) of a timestamptz, as a
 * timestamptz: truncated as a UTC wall-clock time, then read back as UTC, whatever the session's zone.
 */
const bucketOf = (field: string, column: string): string => `(date_trunc(${field}, ${column} at time zone 'UTC') at time zone 'UTC')`;

/**
 * The product of each view in range, from the generated column `viewed_product_id` (a `track`
 * `Product Viewed` with a string `properties.product_id`; see its migration), read index-only
 * from its partial index; bindings companyId, from, to.
 */
const VIEWS = `select viewed_product_id as product_id from analytics_events
  where company_id = ? and "timestamp" >= ? and "timestamp" < ? and viewed_product_id is not null`;

/**
 * Every (identity, at) of the range, `at` an event's time or a rolled-up day's start (as good
 * for any bucket of whole days); bindings from activityBindings.
 */
const ACTIVITY = `select identity, (day::timestamp at time zone 'UTC') as at from analytics_daily_identities
     where company_id = ? and day = any(?::date[])
    union all
    select ${IDENTITY}, e."timestamp" from unnest(?::timestamptz[], ?::timestamptz[]) s(lo, hi)
      join analytics_events e on e.company_id = ? and e."timestamp" >= s.lo and e."timestamp" < s.hi`;

/** The company's marked days from `from`'s day (or ever) to `to`'s; run in the snapshot of the query that uses them. */
async function markedDays(em: EntityManager, companyId: string, range: { readonly from?: Date; readonly to: Date }): Promise<Set<string>> {
  const rows = await em.execute<{ day: string }[]>(
    `select distinct day::text as day from analytics_rollup_marks where company_id = ? and day >= ?::date and day <= ?::date`,
    [companyId, range.from ? dayKey(range.from) : '-infinity', dayKey(range.to)],
  );
  return new Set(rows.map((row) => row.day));
}

/** ACTIVITY's bindings for the range, given its marked days. */
function activityBindings(companyId: string, range: TimeRange, marked: ReadonlySet<string>): unknown[] {
  const { rolledDays, eventSpans } = planRange(range, marked);
  return [companyId, `{${rolledDays.join(',')}}`, eventSpans.starts, eventSpans.ends, companyId];
}

/**
 * Each identity's first event ever, for those whose first event may lie in range: the
 * rolled-up first events in range, lowered by any earlier event on a marked day before `to`
 * (which the rollup may lack). Bindings: companyId, spans' starts and ends, companyId, from,
 * to, companyId.
 */
const FIRST_SEEN = `with unrolled as (
      select ${IDENTITY} as identity, min(e."timestamp") as first_at from unnest(?::timestamptz[], ?::timestamptz[]) s(lo, hi)
        join analytics_events e on e.company_id = ? and e."timestamp" >= s.lo and e."timestamp" < s.hi
       group by 1),
    candidates as (
      select identity from analytics_first_seen where company_id = ? and first_at >= ? and first_at < ?
      union select identity from unrolled)
    select c.identity, least(f.first_at, u.first_at) as first_at from candidates c
      left join analytics_first_seen f on f.company_id = ? and f.identity = c.identity
      left join unrolled u on u.identity = c.identity`;

const firstSeenBindings = (companyId: string, range: TimeRange, unrolled: SpanArrays): unknown[] => [
  unrolled.starts, unrolled.ends, companyId, companyId, range.from, range.to, companyId,
];

/** Drivers hand timestamptz back as Date (pg) or text (some paths of PGlite); counts as text or number. */
const dateOf = (value: Date | string): Date => new Date(value);

/**
 * The funnel as a chain of CTEs over the range's step events: `s0` holds each identity's first
 * step 1 (t1); `s<k>` the earliest step k+1 strictly after the identity's time in `s<k-1>`, at
 * most the window after t1. The window is a time-only interval (milliseconds, never days, which
 * the session's zone would stretch over a DST change). Returns the statement and the bindings its step CTEs add.
 */
function funnelSql(steps: readonly string[], windowMs: number): { sql: string; bindings: unknown[] } {
  const ctes = steps.slice(1).map(
    (_, i) => `s${i + 1} as (
      select s.identity, s.t1, min(e.at) as at from s${i} s join step_events e on e.identity = s.identity
       where e.event = ? and e.at > s.at and e.at <= s.t1 + ?::double precision * interval '1 millisecond'
       group by s.identity, s.t1)`,
  );
  const counts = steps.map((_, i) => `(select count(*) from s${i}) as c${i}`).join(', ');
  const sql = `with step_events as (
      select ${IDENTITY} as identity, event, "timestamp" as at from analytics_events
       where company_id = ? and "timestamp" >= ? and "timestamp" < ? and type = 'track' and event in (?)),
    s0 as (select identity, min(at) as t1, min(at) as at from step_events where event = ? group by identity)
    ${ctes.map((cte) => `, ${cte}`).join('\n')}
    select ${counts}`;
  return { sql, bindings: steps.slice(1).flatMap((step) => [step, windowMs]) };
}

/** Reads in a snapshot of their own per call, outside business transactions. */
export class SqlEventAnalytics implements EventAnalytics {
  constructor(private readonly root: EntityManager) {}

  /**
   * Without JIT compilation: the planner cannot count the spans bound as arrays, so its costs
   * pass the JIT threshold and compiling cost 400 ms of a retention query that runs in 90
   * (bench/analytics).
   */
  private read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return inSnapshot(this.root, async (em) => {
      await em.execute('set local jit = off', [], 'run');
      return work(em);
    });
  }

  async activeUsers(companyId: string, range: TimeRange): Promise<number> {
    const [row] = await this.read(async (em) =>
      em.execute<{ n: string | number }[]>(
        `select count(*) as n from (select distinct identity from (${ACTIVITY}) a) d`,
        activityBindings(companyId, range, await markedDays(em, companyId, range)),
      ),
    );
    return Number(row?.n ?? 0);
  }

  async activeUsersByBucket(companyId: string, interval: BucketInterval, range: TimeRange): Promise<BucketCount[]> {
    const rows = await this.read(async (em) =>
      em.execute<{ start: Date | string; n: string | number }[]>(
        `select start, count(*) as n from (select distinct ${bucketOf('?', 'at')} as start, identity from (${ACTIVITY}) a) d
          group by start order by start`,
        [interval, ...activityBindings(companyId, range, await markedDays(em, companyId, range))],
      ),
    );
    return rows.map((row) => ({ start: dateOf(row.start), count: Number(row.n) }));
  }

  async productViews(
    companyId: string,
    range: TimeRange,
    only: { readonly productIds: readonly string[] } | { readonly limit: number },
  ): Promise<ProductViews[]> {
    if ('productIds' in only && only.productIds.length === 0) return [];
    const scope = [companyId, range.from, range.to];
    // Ties in code point order ("C"), whatever the database's collation.
    const [sql, bindings] =
      'productIds' in only
        ? [`select product_id, count(*) as views from (${VIEWS}) v where product_id in (?) group by product_id`, [...scope, [...only.productIds]]]
        : [`select product_id, count(*) as views from (${VIEWS}) v group by product_id order by views desc, product_id collate "C" limit ?`, [...scope, only.limit]];
    const rows = await this.read((em) => em.execute<{ product_id: string; views: string | number }[]>(sql, bindings));
    return rows.map((row) => ({ productId: row.product_id, views: Number(row.views) }));
  }

  async funnel(companyId: string, steps: readonly string[], range: TimeRange, windowMs: number): Promise<number[]> {
    const { sql, bindings } = funnelSql(steps, windowMs);
    const [row] = await this.read((em) => em.execute<Record<string, string | number>[]>(sql, [companyId, range.from, range.to, [...steps], steps[0], ...bindings]));
    return steps.map((_, i) => Number(row?.[`c${i}`] ?? 0));
  }

  async cohortActivity(companyId: string, range: TimeRange): Promise<CohortActivity[]> {
    // Every event of an identity is at or after its first, so each distinct (identity, active
    // week) pair counts once, in a week at or after its cohort's.
    const rows = await this.read(async (em) => {
      const marked = await markedDays(em, companyId, { to: range.to });
      return em.execute<{ cohort_start: Date | string; active_start: Date | string; identities: string | number }[]>(
        `with first_seen as (${FIRST_SEEN}),
         cohort as (
           select identity, ${bucketOf(`'week'`, 'first_at')} as cohort_start from first_seen where first_at >= ? and first_at < ?),
         active as (
           select distinct identity, ${bucketOf(`'week'`, 'at')} as active_start from (${ACTIVITY}) a)
         select c.cohort_start, a.active_start, count(*) as identities
           from cohort c join active a on a.identity = c.identity
          group by 1, 2 order by 1, 2`,
        [...firstSeenBindings(companyId, range, markedSpansBefore(range.to, marked)), range.from, range.to, ...activityBindings(companyId, range, marked)],
      );
    });
    return rows.map((row) => ({ cohortStart: dateOf(row.cohort_start), activeStart: dateOf(row.active_start), identities: Number(row.identities) }));
  }
}
