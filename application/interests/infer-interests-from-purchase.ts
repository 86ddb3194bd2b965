import type { Category } from '../../domain/catalog/category';
import { hasTraits, reinforce, type PurchasedTraits } from '../../domain/interests/interest-inference';
import type { Interest } from '../../domain/interests/interest';
import { interestsUpdated } from '../../domain/interests/interest-events';
import type { OrderStatus } from '../../domain/orders/order';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import { interestsAt } from './interests';

/** The inbox name under which this use case records the events it applied. */
export const INTEREST_INFERENCE = 'interest-inference';

export interface InferInterestsInput {
  /** The `OrderStatusChanged` event being applied: its id makes a redelivery change nothing. */
  readonly eventId: string;
  readonly companyId: string;
  readonly userId: string;
  readonly to: OrderStatus;
  readonly items: readonly { readonly productId: string; readonly quantity: number }[];
  /** When the order changed status: the time the evidence dates from. */
  readonly occurredAt: Date;
}

export type InferInterestsOutput =
  | { readonly applied: true; readonly interests: readonly Interest[] }
  | { readonly applied: false; readonly reason: 'not_paid' | 'already_applied' | 'unknown_user' | 'no_traits' };

/**
 * When an order reaches paid, its buyer's inferred interests gain weight in the bought
 * products' category, brand and tags (SPEC §3.4), and `InterestsUpdated` is emitted. The
 * event id is claimed in the same transaction as the change, so a redelivery is a no-op.
 * Traits are read as the products stand now (the event carries ids only).
 */
export class InferInterestsFromPurchase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: InferInterestsInput): Promise<Result<InferInterestsOutput, never>> {
    if (input.to !== 'paid') return ok({ applied: false, reason: 'not_paid' });
    return this.uow.run(async (tx): Promise<Result<InferInterestsOutput, never>> => {
      const now = this.clock.now();
      if (!(await tx.inbox.claim(INTEREST_INFERENCE, input.eventId, now))) return ok({ applied: false, reason: 'already_applied' });
      const { companyId, userId } = input;
      if (!(await tx.users.byId(companyId, userId))) return ok({ applied: false, reason: 'unknown_user' });
      const purchase = await this.traitsOf(tx, companyId, input.items);
      // Products without category, brand or tags teach nothing: no write, no event.
      if (!purchase.some(hasTraits)) return ok({ applied: false, reason: 'no_traits' });
      // Two paid orders of one buyer may be consumed at once: read-modify-write under a lock.
      await tx.interests.lock(companyId, userId);
      const inferred = (await tx.interests.forUser(companyId, userId)).filter((i) => i.source === 'inferred');
      await tx.interests.replace(companyId, userId, 'inferred', reinforce(inferred, purchase, input.occurredAt));
      const all = await interestsAt(tx, companyId, userId, now);
      await tx.outbox.add(interestsUpdated(companyId, userId, all, { id: this.ids.next(), occurredAt: now }));
      return ok({ applied: true, interests: all });
    });
  }

  private async traitsOf(tx: Transaction, companyId: string, items: InferInterestsInput['items']): Promise<PurchasedTraits[]> {
    const products = new Map((await tx.products.byIds(companyId, items.map((i) => i.productId))).map((p) => [p.id, p]));
    const categories = new Map<string, Category | null>();
    const traits: PurchasedTraits[] = [];
    for (const item of items) {
      const product = products.get(item.productId);
      if (!product) continue;
      let category: Category | null = null;
      if (product.categoryId) {
        if (!categories.has(product.categoryId)) categories.set(product.categoryId, await tx.categories.byId(companyId, product.categoryId));
        category = categories.get(product.categoryId) ?? null;
      }
      traits.push({ categoryName: category?.name ?? null, brand: product.brand, tags: product.tags, quantity: item.quantity });
    }
    return traits;
  }
}
