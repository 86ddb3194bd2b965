import { stockChanged } from '../../domain/catalog/catalog-events';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import type { Order, OrderLine } from '../../domain/orders/order';
import { orderPlaced } from '../../domain/orders/order-events';
import { mergeLines, orderTotal, validateRequestedLines } from '../../domain/orders/order-rules';
import { appError, forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface PlaceOrderInput {
  readonly actor: Actor;
  readonly items: readonly { productId: string; quantity: number }[];
  /** Staff may order on behalf of a customer; customers order for themselves. */
  readonly userId?: string | undefined;
}
export type PlaceOrderError = AppError<'forbidden' | 'not_found' | 'validation_failed' | 'insufficient_stock'>;

/** Prices are copied from the catalog; stock is taken for every line or for none. */
export class PlaceOrder {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: PlaceOrderInput): Promise<Result<Order, PlaceOrderError>> {
    return this.uow.run(async (tx): Promise<Result<Order, PlaceOrderError>> => {
      const { actor } = input;
      const valid = validateRequestedLines(input.items);
      if (!valid.ok) return valid;
      const userId = input.userId ?? actor.userId;
      if (userId !== actor.userId) {
        if (!isAtLeast(actor.role, 'staff')) return err(forbidden('Customers order for themselves only'));
        if (!(await tx.users.byId(actor.companyId, userId))) return err(notFound('User'));
      }
      const wanted = mergeLines(input.items);
      const products = new Map((await tx.products.byIds(actor.companyId, wanted.map((l) => l.productId))).map((p) => [p.id, p]));
      const lines: OrderLine[] = [];
      for (const line of wanted) {
        const product = products.get(line.productId);
        if (!product || product.status !== 'active') return err(notFound(`Product ${line.productId}`));
        lines.push({ productId: product.id, quantity: line.quantity, unitPrice: product.price });
      }
      const total = orderTotal(lines);
      if (!total.ok) return total;
      if (!(await tx.products.takeStock(actor.companyId, lines))) {
        return err(appError('insufficient_stock', 'Not enough stock for every line; nothing was ordered'));
      }
      const now = this.clock.now();
      const order: Order = {
        id: this.ids.next(), companyId: actor.companyId, userId, items: lines, total: total.value,
        status: 'placed', placedAt: now, history: [{ status: 'placed', at: now }],
      };
      await tx.orders.save(order);
      // Read after taking: the rows stay locked until commit, so `current + quantity` is exact
      // even when another order changed the stock since the first read.
      const after = new Map((await tx.products.byIds(actor.companyId, lines.map((l) => l.productId))).map((p) => [p.id, p.stock]));
      const stamp = () => ({ id: this.ids.next(), occurredAt: now });
      await tx.outbox.add(
        orderPlaced(order, stamp()),
        ...lines.map((l) => {
          const current = after.get(l.productId) ?? 0;
          return stockChanged(actor.companyId, l.productId, current + l.quantity, current, stamp());
        }),
      );
      return ok(order);
    });
  }
}
