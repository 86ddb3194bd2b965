import type { Product } from '../../domain/catalog/product';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { watchlistChanged } from '../../domain/interests/interest-events';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import { invalid, notFound, type AppError } from '../../domain/shared/errors';
import type { Money } from '../../domain/shared/money';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import { visibleProduct } from '../catalog/get-product';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface WatchedProduct {
  readonly item: WatchlistItem;
  readonly product: Product | null;
}

export type AddToWatchlistError = AppError<'not_found' | 'validation_failed'>;

/** Adding a watched product again updates its target price. */
export class AddToWatchlist {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; productId: string; targetPrice?: Money | undefined }): Promise<Result<WatchedProduct & { created: boolean }, AddToWatchlistError>> {
    return this.uow.run(async (tx): Promise<Result<WatchedProduct & { created: boolean }, AddToWatchlistError>> => {
      const { actor } = input;
      const product = await visibleProduct(tx, actor, input.productId);
      if (!product) return err(notFound('Product'));
      const targetPrice = input.targetPrice ?? null;
      if (targetPrice && targetPrice.currency !== product.price.currency) {
        return err(invalid('targetPrice.currency', `must be ${product.price.currency}, the product's currency`));
      }
      const existing = (await tx.watchlist.forUser(actor.companyId, actor.userId)).find((i) => i.productId === product.id);
      const now = this.clock.now();
      // A new watch compares later prices with today's; an updated one keeps its reference.
      const item: WatchlistItem = {
        companyId: actor.companyId,
        userId: actor.userId,
        productId: product.id,
        targetPrice,
        addedAt: existing?.addedAt ?? now,
        referencePrice: existing ? existing.referencePrice : product.price,
      };
      await tx.watchlist.save(item);
      await tx.outbox.add(
        watchlistChanged(actor.companyId, actor.userId, product.id, existing ? 'updated' : 'added', targetPrice, { id: this.ids.next(), occurredAt: now }),
      );
      return ok({ item, product, created: !existing });
    });
  }
}

export interface ListWatchlistInput {
  readonly actor: Actor;
  readonly page: PageRequest;
}

/** A page of the caller's watched products, newest first. */
export class ListWatchlist {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListWatchlistInput): Promise<Result<Page<WatchedProduct>, never>> {
    const { actor } = input;
    return this.uow.read(async (repos) => {
      const page = await repos.watchlist.list(actor.companyId, actor.userId, input.page);
      // A product archived since it was watched stays listed, but customers no longer see its details.
      const visible = (await repos.products.byIds(actor.companyId, page.items.map((i) => i.productId)))
        .filter((p) => p.status === 'active' || isAtLeast(actor.role, 'staff'));
      const products = new Map(visible.map((p) => [p.id, p]));
      return ok(mapPage(page, (item) => ({ item, product: products.get(item.productId) ?? null })));
    });
  }
}

export class RemoveFromWatchlist {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; productId: string }): Promise<Result<void, AppError<'not_found'>>> {
    return this.uow.run(async (tx): Promise<Result<void, AppError<'not_found'>>> => {
      const { actor } = input;
      if (!(await tx.watchlist.remove(actor.companyId, actor.userId, input.productId))) return err(notFound('Watched product'));
      await tx.outbox.add(
        watchlistChanged(actor.companyId, actor.userId, input.productId, 'removed', null, { id: this.ids.next(), occurredAt: this.clock.now() }),
      );
      return ok(undefined);
    });
  }
}
