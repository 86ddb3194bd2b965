import { domainEvent, type EventStamp } from '../shared/domain-event';
import type { Money } from '../shared/money';
import type { Product } from './product';

export const productUpserted = (p: Product, stamp: EventStamp) =>
  domainEvent(
    'ProductUpserted',
    p.companyId,
    {
      productId: p.id, sku: p.sku, name: p.name, categoryId: p.categoryId, brand: p.brand, tags: p.tags,
      attributes: p.attributes, price: p.price, stock: p.stock, status: p.status, imageUrl: p.imageUrl,
    },
    stamp,
  );

export const priceChanged = (p: Product, previous: Money | null, stamp: EventStamp) =>
  domainEvent('PriceChanged', p.companyId, { productId: p.id, previous, current: p.price }, stamp);

export const stockChanged = (companyId: string, productId: string, previous: number, current: number, stamp: EventStamp) =>
  domainEvent('StockChanged', companyId, { productId, previous, current }, stamp);
