// What every product write shares: client input with the SPEC §3.2 defaults, and the
// events and price points each change owes, written in the caller's transaction.
import { priceChanged, productUpserted, stockChanged } from '../../domain/catalog/catalog-events';
import type { PricePoint } from '../../domain/catalog/price-point';
import type { Product } from '../../domain/catalog/product';
import { samePrice, type ProductFields } from '../../domain/catalog/product-rules';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { conflict, type AppError } from '../../domain/shared/errors';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Transaction } from '../ports/unit-of-work';

/** A product as a client sends it (create, import row); absent optional fields take defaults. */
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

export const skuTaken = (sku: string): AppError<'conflict'> => conflict(`A product with sku ${sku} exists`);

export interface ProductChange {
  readonly before: Product | null;
  readonly after: Product;
}

/**
 * Records what changes owe: ProductUpserted always; a price point for a new product or a new
 * price, with PriceChanged for the latter; StockChanged when stock moved. Events are written
 * per product in that order.
 */
export class ProductChanges {
  constructor(
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async record(tx: Transaction, changes: readonly ProductChange[]): Promise<void> {
    const events: DomainEvent[] = [];
    const points: PricePoint[] = [];
    const now = this.clock.now();
    const stamp = () => ({ id: this.ids.next(), occurredAt: now });
    for (const { before, after } of changes) {
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
    if (events.length) await tx.outbox.add(...events);
  }
}
