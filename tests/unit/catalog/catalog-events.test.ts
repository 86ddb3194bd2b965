import { describe, expect, it } from 'vitest';
import { priceChanged, productUpserted, stockChanged } from '../../../domain/catalog/catalog-events';
import type { Product } from '../../../domain/catalog/product';

const product: Product = {
  id: 'p1', companyId: 'acme', sku: 'A-1', name: 'Mug', description: 'Big', categoryId: 'c1', brand: 'Kettle', tags: ['home'],
  attributes: { color: 'blue' }, price: { amountCents: 900, currency: 'EUR' }, stock: 4, imageUrl: null, status: 'active',
  createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-02T00:00:00Z'),
};
const stamp = { id: 'e1', occurredAt: new Date('2026-01-03T00:00:00Z') };

describe('catalog events', () => {
  it('ProductUpserted carries a JSON snapshot of the product in the SPEC envelope', () => {
    const event = productUpserted(product, stamp);
    expect(event).toEqual({
      id: 'e1', type: 'ProductUpserted', companyId: 'acme', occurredAt: '2026-01-03T00:00:00.000Z', version: 1,
      payload: {
        productId: 'p1', sku: 'A-1', name: 'Mug', description: 'Big', categoryId: 'c1', brand: 'Kettle', tags: ['home'],
        attributes: { color: 'blue' }, price: { amountCents: 900, currency: 'EUR' }, stock: 4, imageUrl: null, status: 'active',
        createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z',
      },
    });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });

  it('PriceChanged and StockChanged carry previous and current values', () => {
    expect(priceChanged(product, { amountCents: 1000, currency: 'EUR' }, stamp).payload).toEqual({
      productId: 'p1', previous: { amountCents: 1000, currency: 'EUR' }, current: { amountCents: 900, currency: 'EUR' },
    });
    expect(stockChanged('acme', 'p1', 4, 2, stamp)).toMatchObject({ type: 'StockChanged', companyId: 'acme', payload: { productId: 'p1', previous: 4, current: 2 } });
  });
});
