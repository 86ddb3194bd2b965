import type { PricePoint } from '../../domain/catalog/price-point';

export interface PriceHistoryRepository {
  /** Appends points in one write; the history is never rewritten. */
  add(...points: PricePoint[]): Promise<void>;
  /** Points of one product between `from` and `to` (inclusive, either open), oldest first. */
  forProduct(companyId: string, productId: string, from?: Date, to?: Date): Promise<readonly PricePoint[]>;
  /** Points of every product of the company since `since`, oldest first (deals). */
  since(companyId: string, since: Date): Promise<readonly PricePoint[]>;
}
