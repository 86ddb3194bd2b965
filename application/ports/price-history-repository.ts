import type { PricePoint } from '../../domain/catalog/price-point';
import type { Page, PageRequest } from '../../domain/shared/page';

/** Inclusive bounds; either may be open. */
export interface TimeRange {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

export interface PriceHistoryRepository {
  /** Appends points in one write; the history is never rewritten. */
  add(...points: PricePoint[]): Promise<void>;
  /** A page of one product's points within `range`, oldest first (ties: by id); InvalidCursor for a cursor not of this list. */
  forProduct(companyId: string, productId: string, range: TimeRange, page: PageRequest): Promise<Page<PricePoint>>;
  /** Points of every product of the company at or after `since`, oldest first (deals). */
  since(companyId: string, since: Date): Promise<readonly PricePoint[]>;
  /**
   * For each of `productIds`, the last point strictly before `at` (the price in force when a
   * window opened); products without one, or of another company, are simply absent.
   */
  lastBefore(companyId: string, productIds: readonly string[], at: Date): Promise<readonly PricePoint[]>;
}
