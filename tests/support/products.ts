// A stored product with every field set to something plain; cases override what they test.
import type { Product } from '../../domain/catalog/product';
import { uniqueId } from './unique';

export const aProduct = (companyId: string, overrides: Partial<Product> = {}): Product => ({
  id: uniqueId(),
  companyId,
  sku: `SKU-${uniqueId()}`,
  name: 'Product',
  description: '',
  categoryId: null,
  brand: null,
  tags: [],
  attributes: {},
  price: { amountCents: 1000, currency: 'EUR' },
  stock: 5,
  imageUrl: null,
  status: 'active',
  createdAt: new Date('2026-03-01T00:00:00Z'),
  updatedAt: new Date('2026-03-01T00:00:00Z'),
  ...overrides,
});
