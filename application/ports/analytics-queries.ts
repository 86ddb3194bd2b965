// The analytics queries of SPEC §3.9, split by where their data lives: the events in the event
// store (memory, PostgreSQL/PGlite or ClickHouse), the orders in the relational store. Each
// store aggregates; the use cases fill empty buckets, join the two halves and present.
// Definitions (identities, buckets, funnel windows, cohorts, counted orders) are in
// domain/analytics/analytics-definitions.ts, and every adapter passes one contract suite
// (tests/contracts/analytics-queries.contract.ts) against the same planted dataset.
import type { BucketInterval } from '../../domain/analytics/analytics-definitions';
import type { Money } from '../../domain/shared/money';
import type { TimeRange } from './analytics-event-store';

export type { BucketInterval };

export interface BucketCount {
  /** The bucket's first instant (UTC midnight; a Monday for weeks, the 1st for months). */
  readonly start: Date;
  readonly count: number;
}

export interface ProductViews {
  readonly productId: string;
  readonly views: number;
}

/** Identities of one cohort week seen again in a later (or the same) week. */
export interface CohortActivity {
  /** Monday 00:00 UTC of the week the identities were first seen (their first event ever). */
  readonly cohortStart: Date;
  /** Monday 00:00 UTC of the week they had an event in, at or after cohortStart. */
  readonly activeStart: Date;
  readonly identities: number;
}

/**
 * The event side. An identity is an event's `userId`, else its `anonymousId` (so one person's
 * anonymous events and identified events are two identities). Every query counts only the
 * company's events timestamped in `range` (`from` inclusive, `to` exclusive), unless it says
 * otherwise.
 */
export interface EventAnalytics {
  /** Distinct identities with any event in range. */
  activeUsers(companyId: string, range: TimeRange): Promise<number>;
  /** Distinct identities per bucket, counting events in range; only buckets with events, oldest first. */
  activeUsersByBucket(companyId: string, interval: BucketInterval, range: TimeRange): Promise<BucketCount[]>;
  /**
   * `track` events named `Product Viewed` per `properties.product_id` (a string), in range.
   * With `productIds`: only those of them that were viewed (any order). Otherwise the `limit` most viewed,
   * most first, ties by product id (code point order).
   */
  productViews(companyId: string, range: TimeRange, only: { readonly productIds: readonly string[] } | { readonly limit: number }): Promise<ProductViews[]>;
  /**
   * Identities reaching each step, in step order (`steps`: 2..10 `track` event names). Step 1:
   * an identity's first event named steps[0] in range, at t1. Step k+1: an event named
   * steps[k] strictly after the time the identity reached step k (its earliest such event), at
   * most `windowMs` after t1, and in range.
   */
  funnel(companyId: string, steps: readonly string[], range: TimeRange, windowMs: number): Promise<number[]>;
  /**
   * For identities whose first event ever (whatever its range) lies in range: per (cohort week,
   * active week) with activeStart ≥ cohortStart, how many had an event in the active week,
   * counting events before `to` only. Only non-zero pairs, ordered by cohortStart then activeStart.
   * (cohortStart, cohortStart) gives the cohort's size.
   */
  cohortActivity(companyId: string, range: TimeRange): Promise<CohortActivity[]>;
}

/**
 * The event store's rollups (the SQL stores keep a daily one behind active users and retention;
 * the others need none): brought up to date with what was ingested since the last run.
 * Answers never depend on a run having happened, only their speed; runs may overlap, on any
 * number of processes.
 */
export interface AnalyticsRollups {
  /** Rolls up what was ingested since the last run; resolves with how many ingested batches that covered. */
  rollUp(): Promise<number>;
}

/** Orders counted by analytics: placed in range and now `paid`, `shipped` or `delivered`. */
export interface OrderTotals {
  readonly orders: number;
  /** Sum of the counted orders' totals, one Money per currency, by currency code. */
  readonly revenue: readonly Money[];
  /** Orders per currency, in the order of `revenue`. */
  readonly ordersByCurrency: readonly number[];
  /** Distinct users with a counted order. */
  readonly buyers: number;
}

export interface ProductSales {
  readonly productId: string;
  /** Quantity over the counted orders' lines. */
  readonly units: number;
  /** Quantity × unit price over those lines, one Money per currency, by currency code. */
  readonly revenue: readonly Money[];
}

/** The order side, from the relational store (the orders' home whatever the event store). */
export interface OrderAnalytics {
  totals(companyId: string, range: TimeRange): Promise<OrderTotals>;
  /**
   * Per product over the counted orders' lines. With `productIds`: only those of them that sold (any order).
   * Otherwise the `limit` first by `by` (units; or revenue: the amounts in minor units summed
   * across currencies), most first, ties by product id (code point order).
   */
  productSales(
    companyId: string,
    range: TimeRange,
    only: { readonly productIds: readonly string[] } | { readonly limit: number; readonly by: 'units' | 'revenue' },
  ): Promise<ProductSales[]>;
}

/** What an EventAnalytics rejects with when its store cannot be reached: the answer is `unavailable`, not a failure. */
export class EventStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('The analytics event store is unreachable', { cause });
    this.name = 'EventStoreUnavailable';
  }
}
