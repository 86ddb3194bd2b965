import type { PricePoint } from '../../domain/catalog/price-point';
import type { Actor } from '../../domain/identity/actor';
import { invalid, notFound, type AppError } from '../../domain/shared/errors';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { visibleProduct } from './get-product';

export interface GetPriceHistoryInput {
  readonly actor: Actor;
  readonly id: string;
  /** Inclusive bounds; either may be open. */
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly page: PageRequest;
}
export type GetPriceHistoryOutput = Page<PricePoint>;
export type GetPriceHistoryError = AppError<'not_found' | 'validation_failed'>;

/** A page of the recorded prices of a product the caller may see, oldest first. */
export class GetPriceHistory {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: GetPriceHistoryInput): Promise<Result<GetPriceHistoryOutput, GetPriceHistoryError>> {
    if (input.from && input.to && input.from.getTime() > input.to.getTime()) return err(invalid('from', 'must not be after to'));
    return this.uow.read(async (repos): Promise<Result<GetPriceHistoryOutput, GetPriceHistoryError>> => {
      const product = await visibleProduct(repos, input.actor, input.id);
      if (!product) return err(notFound('Product'));
      return ok(await repos.prices.forProduct(input.actor.companyId, product.id, { from: input.from, to: input.to }, input.page));
    });
  }
}
