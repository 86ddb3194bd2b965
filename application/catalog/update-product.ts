import type { Product } from '../../domain/catalog/product';
import { checkProductFields } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { conflict, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import type { ProductChanges, ProductInput } from './product-changes';

export type ProductPatch = Partial<ProductInput>;
export type UpdateProductError = AppError<'forbidden' | 'validation_failed' | 'not_found' | 'conflict'>;

/** Staff change any field; a price change is recorded in the history like PUT /price. */
export class UpdateProduct {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; id: string; patch: ProductPatch }): Promise<Result<Product, UpdateProductError>> {
    return this.uow.run(async (tx): Promise<Result<Product, UpdateProductError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const { companyId } = input.actor;
      const before = await tx.products.byId(companyId, input.id);
      if (!before) return err(notFound('Product'));
      const defined = Object.fromEntries(Object.entries(input.patch).filter(([, v]) => v !== undefined));
      const fields = checkProductFields({ ...before, ...defined });
      if (!fields.ok) return fields;
      const { categoryId, sku } = fields.value;
      if (categoryId && categoryId !== before.categoryId && !(await tx.categories.byId(companyId, categoryId))) {
        return err(notFound('Category'));
      }
      if (sku !== before.sku && (await tx.products.bySku(companyId, sku))) return err(conflict(`A product with sku ${sku} exists`));
      const after: Product = { ...before, ...fields.value, updatedAt: this.clock.now() };
      await tx.products.save(after);
      await this.changes.record(tx, [{ before, after }]);
      return ok(after);
    });
  }
}

export class ArchiveProduct {
  constructor(private readonly update: UpdateProduct) {}

  async execute(input: { actor: Actor; id: string }): Promise<Result<void, UpdateProductError>> {
    const result = await this.update.execute({ ...input, patch: { status: 'archived' } });
    return result.ok ? ok(undefined) : result;
  }
}

export class ChangePrice {
  constructor(private readonly update: UpdateProduct) {}

  execute(input: { actor: Actor; id: string; price: Product['price'] }): Promise<Result<Product, UpdateProductError>> {
    return this.update.execute({ actor: input.actor, id: input.id, patch: { price: input.price } });
  }
}
