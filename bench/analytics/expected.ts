// What the generated data must answer, worked out here from the generator's own output by the
// definitions of SPEC §3.9 (not through any adapter), so every store's answers can be checked.
import type { TimeRange } from '../../application/ports/analytics-event-store';
import { COUNTED_ORDER_STATUSES, PRODUCT_VIEWED } from '../../domain/analytics/analytics-definitions';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { byCodePoint } from '../../domain/shared/code-point-order';
import type { Money } from '../../domain/shared/money';
import type { BenchOrder } from './dataset';

export interface Expected {
  /** Events in range: what the baseline's count must find. */
  readonly eventsInRange: number;
  readonly activeUsers: number;
  readonly orders: number;
  readonly revenue: readonly Money[];
  readonly buyers: number;
  /** The 10 most viewed products, ties by id. */
  readonly topViews: readonly { readonly productId: string; readonly views: number }[];
  /** Identities per funnel step. */
  readonly funnel: readonly number[];
}

const inRange = (at: Date, range: TimeRange) => at >= range.from && at < range.to;

/** Step k reached: the earliest steps[k] strictly after step k-1's time, at most `windowMs` after step 1's. */
function stepsReached(times: readonly (readonly [number, number])[], steps: number, windowMs: number): number {
  const firstStep = times.filter(([, step]) => step === 0).map(([at]) => at);
  if (firstStep.length === 0) return 0;
  const t1 = Math.min(...firstStep);
  let at = t1;
  let reached = 1;
  for (let k = 1; k < steps; k += 1) {
    const next = times.filter(([time, step]) => step === k && time > at && time <= t1 + windowMs).map(([time]) => time);
    if (next.length === 0) break;
    at = Math.min(...next);
    reached += 1;
  }
  return reached;
}

export function expectedAnswers(
  events: Iterable<readonly AnalyticsEvent[]>,
  orders: readonly BenchOrder[],
  range: TimeRange,
  funnel: { readonly steps: readonly string[]; readonly windowMs: number },
): Expected {
  let eventsInRange = 0;
  const identities = new Set<string>();
  const views = new Map<string, number>();
  const stepTimes = new Map<string, [number, number][]>();
  for (const chunk of events) {
    for (const e of chunk) {
      if (!inRange(e.timestamp, range)) continue;
      eventsInRange += 1;
      const identity = (e.userId ?? e.anonymousId)!;
      identities.add(identity);
      const productId = e.properties.product_id;
      if (e.type === 'track' && e.event === PRODUCT_VIEWED && typeof productId === 'string') views.set(productId, (views.get(productId) ?? 0) + 1);
      const step = e.type === 'track' && e.event !== null ? funnel.steps.indexOf(e.event) : -1;
      if (step < 0) continue;
      const times = stepTimes.get(identity) ?? [];
      times.push([e.timestamp.getTime(), step]);
      stepTimes.set(identity, times);
    }
  }
  const reached = funnel.steps.map((_, k) => [...stepTimes.values()].filter((times) => stepsReached(times, funnel.steps.length, funnel.windowMs) > k).length);

  const counted = orders.filter((o) => inRange(o.placedAt, range) && COUNTED_ORDER_STATUSES.includes(o.status));
  const revenue = new Map<string, number>();
  for (const o of counted) revenue.set(o.currency, (revenue.get(o.currency) ?? 0) + o.totalCents);
  return {
    eventsInRange,
    activeUsers: identities.size,
    orders: counted.length,
    revenue: [...revenue].sort(([a], [b]) => byCodePoint(a, b)).map(([currency, amountCents]) => ({ currency, amountCents })),
    buyers: new Set(counted.map((o) => o.userId)).size,
    topViews: [...views]
      .sort(([a, x], [b, y]) => y - x || byCodePoint(a, b))
      .slice(0, 10)
      .map(([productId, n]) => ({ productId, views: n })),
    funnel: reached,
  };
}
