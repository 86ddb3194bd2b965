// Deals of SPEC §3.2: the current price against the median of the last 30 days' prices.
import type { Money } from '../shared/money';
import type { PricePoint } from './price-point';

export const DEAL_WINDOW_DAYS = 30;

export const dealWindowStart = (now: Date): Date => new Date(now.getTime() - DEAL_WINDOW_DAYS * 86_400_000);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Deal {
  readonly productId: string;
  readonly currentPrice: Money;
  readonly medianPrice: Money;
  /** Above 0, at most 100: how far the current price sits below the window's median. Always finite. */
  readonly dropPercent: number;
}

/**
 * The drop of the current price against the median of the prices in force during the
 * window: the points inside it plus the one in force when it opened. `history` may hold older
 * points too; they are ignored. Null when the current price is not below that median, or the
 * median is not positive (a product given away all window long has no drop to measure).
 */
export function dealOf(current: Money, productId: string, history: readonly PricePoint[], windowStart: Date): Deal | null {
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  const before = sorted.filter((p) => p.at.getTime() <= windowStart.getTime()).at(-1);
  const inside = sorted.filter((p) => p.at.getTime() > windowStart.getTime());
  const prices = [...(before ? [before] : []), ...inside]
    .filter((p) => p.price.currency === current.currency)
    .map((p) => p.price.amountCents);
  const mid = median(prices);
  if (mid === null || mid <= 0) return null;
  const dropPercent = Math.round(((mid - current.amountCents) / mid) * 10_000) / 100;
  // A drop that rounds to 0.00% (half a cent under a large median) is no deal.
  if (dropPercent <= 0) return null;
  return {
    productId,
    currentPrice: current,
    medianPrice: { amountCents: Math.round(mid), currency: current.currency },
    dropPercent,
  };
}
