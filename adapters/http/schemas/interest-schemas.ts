import { z } from 'zod';
import type { WatchedProduct } from '../../../application/interests/watchlist';
import type { Interest } from '../../../domain/interests/interest';
import { ProductOut, productOut } from './catalog-schemas';
import { MoneySchema, iso } from './common';

export const UserIdParams = z.strictObject({ id: z.string().min(1).max(200) });
export const ProductIdParams = z.strictObject({ productId: z.string().min(1).max(200) });

export const InterestsBody = z.strictObject({
  interests: z.array(z.strictObject({ dimension: z.string().min(1).max(50), value: z.string().min(1).max(100), weight: z.number().min(0).max(1) })).max(100),
}).meta({ id: 'InterestsReplacement' });

export const WatchBody = z.strictObject({ productId: z.string().min(1).max(200), targetPrice: MoneySchema.optional() }).meta({ id: 'NewWatchlistItem' });

export const InterestOut = z.object({
  dimension: z.string(),
  value: z.string(),
  weight: z.number(),
  source: z.enum(['explicit', 'inferred']),
  updatedAt: z.string(),
}).meta({ id: 'Interest' });
export const interestOut = (i: Interest): z.infer<typeof InterestOut> => ({ ...i, updatedAt: iso(i.updatedAt) });

export const WatchOut = z
  .object({ productId: z.string(), targetPrice: MoneySchema.nullable(), addedAt: z.string(), product: ProductOut.nullable() })
  .meta({ id: 'WatchlistItem' });
export const watchOut = ({ item, product }: WatchedProduct): z.infer<typeof WatchOut> => ({
  productId: item.productId,
  targetPrice: item.targetPrice,
  addedAt: iso(item.addedAt),
  product: product ? productOut(product) : null,
});
