import { stockChanged } from '../../domain/catalog/catalog-events';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import type { Order, OrderStatus } from '../../domain/orders/order';
import { orderStatusChanged } from '../../domain/orders/order-events';
import { transition } from '../../domain/orders/order-rules';
import { isPurchase } from '../../domain/orders/order-status';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import { canSee } from './read-orders';

export type TransitionOrderError = AppError<'forbidden' | 'not_found' | 'invalid_transition'>;

/**
 * Staff move orders along the status machine; a customer may only cancel their own placed
 * order. Cancelling restocks; reaching paid counts the sale and a refund uncounts it
 * (refunded goods come back through a stock edit, not automatically).
 */
export class TransitionOrder {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; id: string; to: OrderStatus }): Promise<Result<Order, TransitionOrderError>> {
    return this.uow.run(async (tx): Promise<Result<Order, TransitionOrderError>> => {
      const { actor } = input;
      // Locked: two concurrent cancels must not both restock.
      const order = await tx.orders.lockById(actor.companyId, input.id);
      if (!order || !canSee(actor, order)) return err(notFound('Order'));
      const customerCancel = input.to === 'cancelled' && order.status === 'placed' && order.userId === actor.userId;
      if (!isAtLeast(actor.role, 'staff') && !customerCancel) return err(forbidden('Only staff change order status'));
      const now = this.clock.now();
      const moved = transition(order, input.to, now);
      if (!moved.ok) return moved;
      await tx.orders.save(moved.value);
      const stamp = () => ({ id: this.ids.next(), occurredAt: now });
      const events: DomainEvent[] = [orderStatusChanged(moved.value, order.status, stamp())];
      events.push(...(await this.sideEffects(tx, order, input.to, stamp)));
      await tx.outbox.add(...events);
      return ok(moved.value);
    });
  }

  private async sideEffects(tx: Transaction, order: Order, to: OrderStatus, stamp: () => { id: string; occurredAt: Date }): Promise<DomainEvent[]> {
    const lines = order.items;
    if (isPurchase(order.status) !== isPurchase(to)) {
      await tx.products.countSales(order.companyId, lines, isPurchase(to) ? 1 : -1);
    }
    if (to !== 'cancelled') return [];
    await tx.products.returnStock(order.companyId, lines);
    // Read after the write: the rows are ours until commit, so `current - quantity` is exact.
    const after = new Map((await tx.products.byIds(order.companyId, lines.map((l) => l.productId))).map((p) => [p.id, p.stock]));
    return lines.flatMap((l) => {
      const current = after.get(l.productId);
      return current === undefined ? [] : [stockChanged(order.companyId, l.productId, current - l.quantity, current, stamp())];
    });
  }
}
