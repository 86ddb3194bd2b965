import type { Product } from '../../domain/catalog/product';
import { checkProductFields, keepsCurrency } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import { skuTaken, type ProductChanges, type ProductInput } from './product-changes';

/** Fields to change; absent (undefined) ones stay, null clears a nullable one. */
export type ProductPatch = Partial<ProductInput>;

export interface UpdateProductInput {
  readonly actor: Actor;
  readonly id: string;
  readonly patch: ProductPatch;
}
export type UpdateProductOutput = Product;
export type UpdateProductError = AppError<'forbidden' | 'validation_failed' | 'not_found' | 'conflict'>;

/**
 * Staff+ change any field; a price keeps the product's currency (else `conflict`). A new price is recorded in the history (PriceChanged), moved stock
 * emits StockChanged, and every patch emits ProductUpserted.
 */
export class UpdateProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly clock: Clock,
  ) {}

  execute(input: UpdateProductInput): Promise<Result<UpdateProductOutput, UpdateProductError>> {
    return this.uow.run(async (tx): Promise<Result<UpdateProductOutput, UpdateProductError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const { companyId } = input.actor;
      const before = await tx.products.byId(companyId, input.id);
      if (!before) return err(notFound('Product'));
      const given = Object.fromEntries(Object.entries(input.patch).filter(([, value]) => value !== undefined));
      const fields = checkProductFields({ ...before, ...given });
      if (!fields.ok) return fields;
      const kept = keepsCurrency(before, fields.value.price);
      if (!kept.ok) return kept;
      const { categoryId, sku } = fields.value;
      if (categoryId && categoryId !== before.categoryId && !(await tx.categories.byId(companyId, categoryId))) {
        return err(notFound('Category'));
      }
      if (sku !== before.sku && (await tx.products.bySku(companyId, sku))) return err(skuTaken(sku));
      const after: Product = { ...before, ...fields.value, updatedAt: this.clock.now() };
      if (!(await tx.products.save(after))) return err(skuTaken(sku));
      await this.changes.record(tx, [{ before, after }]);
      return ok(after);
    });
  }
}
