import type { Product } from '../../domain/catalog/product';
import { keepsCurrency, samePrice } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { invalid, notFound, type AppError } from '../../domain/shared/errors';
import { money, type Money } from '../../domain/shared/money';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import type { ProductChanges } from './product-changes';

export interface ChangePriceInput {
  readonly actor: Actor;
  readonly id: string;
  readonly price: Money;
}
export type ChangePriceOutput = Product;
/** `conflict`: a price in another currency than the product's (fixed when it was created). */
export type ChangePriceError = AppError<'forbidden' | 'validation_failed' | 'not_found' | 'conflict'>;

/**
 * PUT /products/:id/price: records a price point and emits PriceChanged (and ProductUpserted).
 * Setting the price it already has writes nothing, so the history holds changes only.
 */
export class ChangePrice {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly clock: Clock,
  ) {}

  execute(input: ChangePriceInput): Promise<Result<ChangePriceOutput, ChangePriceError>> {
    return this.uow.run(async (tx): Promise<Result<ChangePriceOutput, ChangePriceError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      const price = money(input.price.amountCents, input.price.currency);
      if (!price.ok) return err(invalid('price', `invalid money: ${price.error}`));
      const before = await tx.products.byId(input.actor.companyId, input.id);
      if (!before) return err(notFound('Product'));
      const kept = keepsCurrency(before, price.value);
      if (!kept.ok) return kept;
      if (samePrice(before.price, price.value)) return ok(before);
      const after: Product = { ...before, price: price.value, updatedAt: this.clock.now() };
      await tx.products.save(after);
      await this.changes.record(tx, [{ before, after }]);
      return ok(after);
    });
  }
}
