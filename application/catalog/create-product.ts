import type { Product } from '../../domain/catalog/product';
import { checkProductFields } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import { skuTaken, withDefaults, type ProductChanges, type ProductInput } from './product-changes';

export interface CreateProductInput {
  readonly actor: Actor;
  readonly product: ProductInput;
}
export type CreateProductOutput = Product;
export type CreateProductError = AppError<'forbidden' | 'validation_failed' | 'not_found' | 'conflict'>;

/** Staff+ add a product: sku unique per company, category must exist; records the first price point. */
export class CreateProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: CreateProductInput): Promise<Result<CreateProductOutput, CreateProductError>> {
    return this.uow.run(async (tx): Promise<Result<CreateProductOutput, CreateProductError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const fields = checkProductFields(withDefaults(input.product));
      if (!fields.ok) return fields;
      const { companyId } = input.actor;
      const { categoryId, sku } = fields.value;
      if (categoryId && !(await tx.categories.byId(companyId, categoryId))) return err(notFound('Category'));
      if (await tx.products.bySku(companyId, sku)) return err(skuTaken(sku));
      const now = this.clock.now();
      const product: Product = { ...fields.value, id: this.ids.next(), companyId, createdAt: now, updatedAt: now };
      if (!(await tx.products.save(product))) return err(skuTaken(sku));
      await this.changes.record(tx, [{ before: null, after: product }]);
      return ok(product);
    });
  }
}
