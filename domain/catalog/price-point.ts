import type { Money } from '../shared/money';

/** One recorded price of a product; the history is append-only. */
export interface PricePoint {
  readonly id: string;
  readonly companyId: string;
  readonly productId: string;
  readonly price: Money;
  readonly at: Date;
}
