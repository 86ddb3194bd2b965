// The analytics queries of SPEC §3.9 over the ClickHouse events table, one statement each,
// aggregated in ClickHouse. Written for 18.16 (CI's server) and current servers alike: no query
// parameters (values go through `sqlString`, numbers are computed from Dates), no JSONExtract
// (18.16 has only visitParam*), no DateTime64 (milliseconds beside whole seconds).
import { ClickHouseError } from '@clickhouse/client';
import type { TimeRange } from '../../application/ports/analytics-event-store';
import {
  EventStoreUnavailable,
  type BucketCount,
  type BucketInterval,
  type CohortActivity,
  type EventAnalytics,
  type ProductViews,
} from '../../application/ports/analytics-queries';
import { PRODUCT_VIEWED } from '../../domain/analytics/analytics-definitions';
import { sqlString, type ClickHouse } from './clickhouse-client';
import { EVENTS_TABLE } from './clickhouse-event-rows';

const DAY_MS = 86_400_000;

/**
 * An event's identity (analytics-definitions' `identityOf`), stored at insert: '' for neither,
 * which ingestion refuses (and so is no identity here either).
 */
const IDENTITY = 'identity';
const HAS_IDENTITY = "identity != ''";
/** An event's time in ms since the epoch. */
const AT_MS = '(toUInt64(timestamp) * 1000 + timestamp_ms)';

/**
 * The first day of an event's UTC bucket, as a Date (its value: days since the epoch). The
 * column is UTC already; the zone is named anyway, so no server setting can move a bucket.
 */
const BUCKET_DAY: Readonly<Record<BucketInterval, string>> = {
  day: "toDate(timestamp, 'UTC')",
  week: "toMonday(timestamp, 'UTC')",
  month: "toStartOfMonth(timestamp, 'UTC')",
};

/**
 * The `EventAnalytics` of the events `ClickHouseEventStore` drains in. It asks for the connection
 * at each query, so it can be given one made on first use (as `DeferredClickHouseStore` makes
 * its own): the process starts while ClickHouse is away, and its queries answer `unavailable`.
 */
export class ClickHouseEventAnalytics implements EventAnalytics {
  constructor(private readonly connection: () => Promise<ClickHouse>) {}

  async activeUsers(companyId: string, range: TimeRange): Promise<number> {
    const [row] = await this.rows<{ n: string }>(`select uniqExact(${IDENTITY}) as n from ${EVENTS_TABLE} where ${within(companyId, range)} and ${HAS_IDENTITY}`);
    return Number(row?.n ?? 0);
  }

  async activeUsersByBucket(companyId: string, interval: BucketInterval, range: TimeRange): Promise<BucketCount[]> {
    const rows = await this.rows<{ bucket_day: number; n: string }>(
      `select toUInt32(${BUCKET_DAY[interval]}) as bucket_day, uniqExact(${IDENTITY}) as n from ${EVENTS_TABLE}
       where ${within(companyId, range)} and ${HAS_IDENTITY} group by bucket_day order by bucket_day`,
    );
    return rows.map((row) => ({ start: dayStart(row.bucket_day), count: Number(row.n) }));
  }

  /** From the `product_id` column: NULL where `properties.product_id` is no string, so no view. */
  async productViews(companyId: string, range: TimeRange, only: { readonly productIds: readonly string[] } | { readonly limit: number }): Promise<ProductViews[]> {
    if ('productIds' in only ? only.productIds.length === 0 : only.limit < 1) return [];
    const [chosen, ranked] =
      'productIds' in only
        ? [`and product_id in (${only.productIds.map(sqlString).join(', ')})`, '']
        : // ClickHouse orders strings by their UTF-8 bytes: code point order.
          ['', `order by views desc, id limit ${Math.floor(only.limit)}`];
    const rows = await this.rows<{ id: string; views: string }>(
      `select assumeNotNull(product_id) as id, count() as views from ${EVENTS_TABLE}
       where ${within(companyId, range)} and event = ${sqlString(PRODUCT_VIEWED)} and type = 'track' and product_id is not null ${chosen}
       group by id ${ranked}`,
    );
    return rows.map((row) => ({ productId: row.id, views: Number(row.views) }));
  }

  /**
   * Per identity: step 1's time is its first step-1 event's; each later step's, the first event
   * with the step's name after the previous step's time and within the window of step 1's
   * (none: not reached, nor any later step). Only step 1 is one minimum; the later steps keep
   * their times, as which of them counts depends on the step before.
   */
  async funnel(companyId: string, steps: readonly string[], range: TimeRange, windowMs: number): Promise<number[]> {
    const [first, ...later] = steps;
    if (first === undefined) return [];
    const window = Math.max(0, Math.floor(windowMs));
    const reached = [
      `minIf(${AT_MS}, event = ${sqlString(first)}) as t0, countIf(event = ${sqlString(first)}) > 0 as r0`,
      ...later.map(
        (step, i) =>
          `arrayFilter(t -> t > t${i} and t <= t0 + ${window}, groupArrayIf(${AT_MS}, event = ${sqlString(step)})) as after${i + 1},
           r${i} and notEmpty(after${i + 1}) as r${i + 1}, arrayReduce('min', after${i + 1}) as t${i + 1}`,
      ),
    ];
    const [row] = await this.rows<Record<string, string>>(
      `select ${steps.map((_, k) => `countIf(r${k}) as users${k}`).join(', ')} from (
         select ${reached.join(',\n           ')}
         from ${EVENTS_TABLE}
         where ${within(companyId, range)} and type = 'track' and event in (${[...new Set(steps)].map(sqlString).join(', ')}) and ${HAS_IDENTITY}
         group by ${IDENTITY}
       )`,
    );
    return steps.map((_, k) => Number(row?.[`users${k}`] ?? 0));
  }

  /**
   * Events after `to` change neither a first event before `to` nor an active week, and an
   * identity first seen at or after `to` is in no cohort: so only events before `to` are read,
   * all of them before `from` too, since they decide who was first seen in range.
   */
  async cohortActivity(companyId: string, range: TimeRange): Promise<CohortActivity[]> {
    const rows = await this.rows<{ cohort: number; active: number; n: string }>(
      `select toUInt32(cohort_week) as cohort, toUInt32(active_week) as active, count() as n from (
         select min(${AT_MS}) as first_ms, toMonday(min(timestamp), 'UTC') as cohort_week, groupUniqArray(toMonday(timestamp, 'UTC')) as weeks
         from ${EVENTS_TABLE}
         where ${before(companyId, range.to)} and ${HAS_IDENTITY}
         group by ${IDENTITY}
         having first_ms >= ${range.from.getTime()}
       ) array join weeks as active_week
       group by cohort, active order by cohort, active`,
    );
    return rows.map((row) => ({ cohortStart: dayStart(row.cohort), activeStart: dayStart(row.active), identities: Number(row.n) }));
  }

  private async rows<T>(query: string): Promise<T[]> {
    try {
      const { client } = await this.connection();
      const result = await client.query({ query, format: 'JSONEachRow' });
      return await result.json<T>();
    } catch (error) {
      throw answered(error) ? error : new EventStoreUnavailable(error);
    }
  }
}

/**
 * Whether ClickHouse answered with an error (a bug here, not an outage): a ClickHouseError, or
 * from servers before 22, whose answers the client does not parse, a message opening `Code: n`.
 */
const answered = (error: unknown): boolean => error instanceof ClickHouseError || (error instanceof Error && /^Code: \d+/.test(error.message));

/** The company's events in `range`, to the millisecond: whole seconds first, so the sorting key narrows the read. */
function within(companyId: string, range: TimeRange): string {
  const from = range.from.getTime();
  return `${before(companyId, range.to)} and timestamp >= toDateTime(${dateTimeSeconds(from)}) and ${AT_MS} >= ${from}`;
}

/** The company's events before `to`, to the millisecond. */
function before(companyId: string, to: Date): string {
  const ms = to.getTime();
  return `company_id = ${sqlString(companyId)} and timestamp <= toDateTime(${dateTimeSeconds(ms)}) and ${AT_MS} < ${ms}`;
}

/** Whole seconds within DateTime's range (1970 to 2106), so a far bound cannot wrap around. */
const dateTimeSeconds = (ms: number): number => Math.min(Math.max(Math.floor(ms / 1000), 0), 2 ** 32 - 1);

/** A Date column's value (days since the epoch) as its UTC midnight. */
const dayStart = (days: number | string): Date => new Date(Number(days) * DAY_MS);
