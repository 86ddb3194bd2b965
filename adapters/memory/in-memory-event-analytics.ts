// EventAnalytics over the memory event store: the domain definitions applied event by event.
// Reads through the store's own `list`, so it never depends on how the store keeps its events.
import type { AnalyticsEventStore, TimeRange } from '../../application/ports/analytics-event-store';
import type { BucketCount, BucketInterval, CohortActivity, EventAnalytics, ProductViews } from '../../application/ports/analytics-queries';
import { bucketStart, identityOf, viewedProductOf } from '../../domain/analytics/analytics-definitions';
import type { StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import { byCodePoint } from '../../domain/shared/code-point-order';

/** The earliest instant a Date holds: reading from it reads the company's events whatever their time. */
const EARLIEST = new Date(-8.64e15);

/** Counts distinct members per key. */
class DistinctCounts<K> {
  private readonly members = new Map<K, Set<string>>();

  add(key: K, member: string): void {
    const set = this.members.get(key);
    if (set) set.add(member);
    else this.members.set(key, new Set([member]));
  }

  entries(): [K, number][] {
    return [...this.members].map(([key, set]) => [key, set.size]);
  }
}

/** How many steps an identity reached, given its step events in range, oldest first. */
function stepsReached(events: readonly StoredAnalyticsEvent[], steps: readonly string[], windowMs: number): number {
  const first = events.find((event) => event.event === steps[0]);
  if (!first) return 0;
  const deadline = first.timestamp.getTime() + windowMs;
  let previous = first.timestamp.getTime();
  for (let step = 1; step < steps.length; step++) {
    const next = events.find((event) => event.event === steps[step] && event.timestamp.getTime() > previous && event.timestamp.getTime() <= deadline);
    if (!next) return step;
    previous = next.timestamp.getTime();
  }
  return steps.length;
}

export class InMemoryEventAnalytics implements EventAnalytics {
  constructor(private readonly store: Pick<AnalyticsEventStore, 'list'>) {}

  async activeUsers(companyId: string, range: TimeRange): Promise<number> {
    const identities = new Set<string>();
    for (const event of await this.events(companyId, range)) {
      const identity = identityOf(event);
      if (identity !== null) identities.add(identity);
    }
    return identities.size;
  }

  async activeUsersByBucket(companyId: string, interval: BucketInterval, range: TimeRange): Promise<BucketCount[]> {
    const perBucket = new DistinctCounts<number>();
    for (const event of await this.events(companyId, range)) {
      const identity = identityOf(event);
      if (identity !== null) perBucket.add(bucketStart(event.timestamp, interval).getTime(), identity);
    }
    return perBucket
      .entries()
      .sort(([a], [b]) => a - b)
      .map(([start, count]) => ({ start: new Date(start), count }));
  }

  async productViews(
    companyId: string,
    range: TimeRange,
    only: { readonly productIds: readonly string[] } | { readonly limit: number },
  ): Promise<ProductViews[]> {
    const wanted = 'productIds' in only ? new Set(only.productIds) : null;
    const views = new Map<string, number>();
    for (const event of await this.events(companyId, range)) {
      const productId = viewedProductOf(event);
      if (productId !== null && (!wanted || wanted.has(productId))) views.set(productId, (views.get(productId) ?? 0) + 1);
    }
    const counted = [...views].map(([productId, count]) => ({ productId, views: count }));
    if ('productIds' in only) return counted;
    return counted.sort((a, b) => b.views - a.views || byCodePoint(a.productId, b.productId)).slice(0, only.limit);
  }

  async funnel(companyId: string, steps: readonly string[], range: TimeRange, windowMs: number): Promise<number[]> {
    // Each identity's track events named after a step, oldest first (list's order).
    const byIdentity = new Map<string, StoredAnalyticsEvent[]>();
    for (const event of await this.events(companyId, range)) {
      const identity = identityOf(event);
      if (identity === null || event.type !== 'track' || event.event === null || !steps.includes(event.event)) continue;
      const own = byIdentity.get(identity);
      if (own) own.push(event);
      else byIdentity.set(identity, [event]);
    }
    const depths = [...byIdentity.values()].map((events) => stepsReached(events, steps, windowMs));
    return steps.map((_, step) => depths.filter((depth) => depth > step).length);
  }

  async cohortActivity(companyId: string, range: TimeRange): Promise<CohortActivity[]> {
    // Everything before `to`: an identity's first event ever is among them whenever it is in range.
    const events = await this.events(companyId, { from: EARLIEST, to: range.to });
    const firstSeen = new Map<string, Date>();
    for (const event of events) {
      const identity = identityOf(event);
      if (identity !== null && !firstSeen.has(identity)) firstSeen.set(identity, event.timestamp);
    }
    const pairs = new DistinctCounts<string>();
    for (const event of events) {
      const identity = identityOf(event);
      const first = identity === null ? undefined : firstSeen.get(identity);
      if (identity === null || !first || first < range.from) continue;
      pairs.add(JSON.stringify([bucketStart(first, 'week').getTime(), bucketStart(event.timestamp, 'week').getTime()]), identity);
    }
    return pairs
      .entries()
      .map(([key, identities]) => {
        const [cohort, active] = JSON.parse(key) as [number, number];
        return { cohortStart: new Date(cohort), activeStart: new Date(active), identities };
      })
      .sort((a, b) => a.cohortStart.getTime() - b.cohortStart.getTime() || a.activeStart.getTime() - b.activeStart.getTime());
  }

  /** The company's events in range, oldest first. */
  private events(companyId: string, range: TimeRange): Promise<StoredAnalyticsEvent[]> {
    return this.store.list(companyId, range, Number.POSITIVE_INFINITY);
  }
}
