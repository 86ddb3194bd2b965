import type { Money } from '../shared/money';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface Product {
  readonly id: string;
  readonly companyId: string;
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
  readonly status: ProductStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
