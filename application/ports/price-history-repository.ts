import type { PricePoint } from '../../domain/catalog/price-point';

export interface PriceHistoryRepository {
  /** Appends points in one write; the history is never rewritten. */
  add(...points: PricePoint[]): Promise<void>;
  /** Points of one product between `from` and `to` (inclusive, either open), oldest first. */
  forProduct(companyId: string, productId: string, from?: Date, to?: Date): Promise<readonly PricePoint[]>;
  /** Points of every product of the company at or after `since`, oldest first (deals). */
  since(companyId: string, since: Date): Promise<readonly PricePoint[]>;
  /**
   * For each of `productIds`, the last point strictly before `at` (the price in force when a
   * window opened); products without one, or of another company, are simply absent.
   */
  lastBefore(companyId: string, productIds: readonly string[], at: Date): Promise<readonly PricePoint[]>;
}
