// EventAnalytics over `analytics_events` on PostgreSQL and PGlite (the same SQL): one statement per
// query, aggregated in the database, every value a bind parameter. Each statement bounds its scan
// by company and timestamp, so the month partitions and the indexes serve it: identities come
// from (company_id, "timestamp") include (user_id, anonymous_id), track events from
// (company_id, event, "timestamp") where type = 'track', both index-only where the planner finds
// it cheaper (Migration20261206161500_analytics_query_indexes). Distinct counts
// are taken over a `select distinct` (hashed) rather than `count(distinct …)`, which sorts.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TimeRange } from '../../application/ports/analytics-event-store';
import type { BucketCount, BucketInterval, CohortActivity, EventAnalytics, ProductViews } from '../../application/ports/analytics-queries';

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

/** Reads on a fresh fork of the root EntityManager per call, outside business transactions. */
export class SqlEventAnalytics implements EventAnalytics {
  constructor(private readonly root: EntityManager) {}

  async activeUsers(companyId: string, range: TimeRange): Promise<number> {
    const [row] = await this.root.fork().execute<{ n: string | number }[]>(
      `select count(*) as n from (select distinct ${IDENTITY} from analytics_events where company_id = ? and "timestamp" >= ? and "timestamp" < ?) d`,
      [companyId, range.from, range.to],
    );
    return Number(row?.n ?? 0);
  }

  async activeUsersByBucket(companyId: string, interval: BucketInterval, range: TimeRange): Promise<BucketCount[]> {
    const rows = await this.root.fork().execute<{ start: Date | string; n: string | number }[]>(
      `select start, count(*) as n from (
         select distinct ${bucketOf('?', '"timestamp"')} as start, ${IDENTITY} as identity from analytics_events
          where company_id = ? and "timestamp" >= ? and "timestamp" < ?) d
        group by start order by start`,
      [interval, companyId, range.from, range.to],
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
    const rows =
      'productIds' in only
        ? await this.root.fork().execute<{ product_id: string; views: string | number }[]>(
            `select product_id, count(*) as views from (${VIEWS}) v where product_id in (?) group by product_id`,
            [...scope, [...only.productIds]],
          )
        : await this.root.fork().execute<{ product_id: string; views: string | number }[]>(
            `select product_id, count(*) as views from (${VIEWS}) v group by product_id order by views desc, product_id collate "C" limit ?`,
            [...scope, only.limit],
          );
    return rows.map((row) => ({ productId: row.product_id, views: Number(row.views) }));
  }

  async funnel(companyId: string, steps: readonly string[], range: TimeRange, windowMs: number): Promise<number[]> {
    const { sql, bindings } = funnelSql(steps, windowMs);
    const [row] = await this.root.fork().execute<Record<string, string | number>[]>(sql, [companyId, range.from, range.to, [...steps], steps[0], ...bindings]);
    return steps.map((_, i) => Number(row?.[`c${i}`] ?? 0));
  }

  async cohortActivity(companyId: string, range: TimeRange): Promise<CohortActivity[]> {
    // An identity's first event ever is before `to` whenever it is in range, so the scan for it
    // stops at `to`; it starts at the company's first event, which no index bound can avoid.
    // Every event of an identity is at or after its first, so each distinct (identity, active
    // week) pair counts once, in a week at or after its cohort's.
    const rows = await this.root.fork().execute<{ cohort_start: Date | string; active_start: Date | string; identities: string | number }[]>(
      `with cohort as (
         select ${IDENTITY} as identity, ${bucketOf(`'week'`, 'min("timestamp")')} as cohort_start from analytics_events
          where company_id = ? and "timestamp" < ?
          group by 1 having min("timestamp") >= ?),
       active as (
         select distinct ${IDENTITY} as identity, ${bucketOf(`'week'`, '"timestamp"')} as active_start from analytics_events
          where company_id = ? and "timestamp" >= ? and "timestamp" < ?)
       select c.cohort_start, a.active_start, count(*) as identities
         from cohort c join active a on a.identity = c.identity
        group by 1, 2 order by 1, 2`,
      [companyId, range.to, range.from, companyId, range.from, range.to],
    );
    return rows.map((row) => ({ cohortStart: dateOf(row.cohort_start), activeStart: dateOf(row.active_start), identities: Number(row.identities) }));
  }
}
