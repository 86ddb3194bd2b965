// Catalog events of SPEC §3.7. Payloads are plain JSON (ISO dates) because they travel
// through the outbox to consumers that rebuild projections (graph, cache) from them.
import { domainEvent, type EventStamp } from '../shared/domain-event';
import type { Money } from '../shared/money';
import type { Product } from './product';

/** The product as it now stands: enough for a consumer to upsert its copy without a read. */
export interface ProductSnapshot {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly brand: string | null;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly stock: number;
  readonly imageUrl: string | null;
  readonly status: Product['status'];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const productSnapshot = (p: Product): ProductSnapshot => ({
  productId: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  categoryId: p.categoryId,
  brand: p.brand,
  tags: [...p.tags],
  attributes: { ...p.attributes },
  price: { ...p.price },
  stock: p.stock,
  imageUrl: p.imageUrl,
  status: p.status,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const productUpserted = (p: Product, stamp: EventStamp) =>
  domainEvent('ProductUpserted', p.companyId, productSnapshot(p), stamp);

export interface PriceChangedPayload {
  readonly productId: string;
  readonly previous: Money;
  readonly current: Money;
}

export const priceChanged = (p: Product, previous: Money, stamp: EventStamp) =>
  domainEvent<'PriceChanged', PriceChangedPayload>('PriceChanged', p.companyId, { productId: p.id, previous: { ...previous }, current: { ...p.price } }, stamp);

export interface StockChangedPayload {
  readonly productId: string;
  readonly previous: number;
  readonly current: number;
}

export const stockChanged = (companyId: string, productId: string, previous: number, current: number, stamp: EventStamp) =>
  domainEvent<'StockChanged', StockChangedPayload>('StockChanged', companyId, { productId, previous, current }, stamp);
