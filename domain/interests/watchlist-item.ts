import type { Money } from '../shared/money';

export interface WatchlistItem {
  readonly companyId: string;
  readonly userId: string;
  readonly productId: string;
  readonly targetPrice: Money | null;
  readonly addedAt: Date;
}
