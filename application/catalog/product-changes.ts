import { priceChanged, productUpserted, stockChanged } from '../../domain/catalog/catalog-events';
import type { PricePoint } from '../../domain/catalog/price-point';
import type { Product } from '../../domain/catalog/product';
import type { ProductFields } from '../../domain/catalog/product-rules';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Transaction } from '../ports/unit-of-work';

export const samePrice = (a: Product['price'], b: Product['price']): boolean =>
  a.amountCents === b.amountCents && a.currency === b.currency;

/** Client input with the defaults of SPEC §3.2 filled in. */
export interface ProductInput {
  readonly sku: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly categoryId?: string | null | undefined;
  readonly brand?: string | null | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
  readonly price: Product['price'];
  readonly stock: number;
  readonly imageUrl?: string | null | undefined;
  readonly status?: Product['status'] | undefined;
}

export const withDefaults = (input: ProductInput): ProductFields => ({
  sku: input.sku,
  name: input.name,
  description: input.description ?? '',
  categoryId: input.categoryId ?? null,
  brand: input.brand ?? null,
  tags: input.tags ?? [],
  attributes: input.attributes ?? {},
  price: input.price,
  stock: input.stock,
  imageUrl: input.imageUrl ?? null,
  status: input.status ?? 'active',
});

/**
 * The events and price points that every product write owes: ProductUpserted always, a
 * price point when the price is new or changed (PriceChanged for a change), StockChanged
 * when stock moved.
 */
export class ProductChanges {
  constructor(
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async record(tx: Transaction, pairs: readonly { before: Product | null; after: Product }[]): Promise<void> {
    const events: DomainEvent[] = [];
    const points: PricePoint[] = [];
    const now = this.clock.now();
    const stamp = () => ({ id: this.ids.next(), occurredAt: now });
    for (const { before, after } of pairs) {
      events.push(productUpserted(after, stamp()));
      if (!before || !samePrice(before.price, after.price)) {
        points.push({ id: this.ids.next(), companyId: after.companyId, productId: after.id, price: after.price, at: now });
        if (before) events.push(priceChanged(after, before.price, stamp()));
      }
      if (before && before.stock !== after.stock) {
        events.push(stockChanged(after.companyId, after.id, before.stock, after.stock, stamp()));
      }
    }
    if (points.length) await tx.prices.add(...points);
    await tx.outbox.add(...events);
  }
}
