import { samePrice } from '../../domain/catalog/product-rules';
import { backInStock, priceDrop } from '../../domain/notifications/alert-rules';
import { NOTIFIED_ORDER_STATUSES, type NotifiedOrderStatus } from '../../domain/notifications/notification';
import type { OrderStatus } from '../../domain/orders/order';
import type { Money } from '../../domain/shared/money';
import { ok } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import { recordNotification, type Recorded } from './record-notification';

/** The inbox names under which each trigger records the events it applied. */
export const NOTIFICATION_CONSUMERS = {
  priceDrop: 'notify-price-drop',
  backInStock: 'notify-back-in-stock',
  orderStatus: 'notify-order-status',
} as const;

/** Sends what was just recorded (SendNotifications): after the commit, never inside it. */
export interface RecordedSender {
  sendRecorded(recorded: readonly Recorded[]): Promise<void>;
}

export interface PriceChangedInput {
  readonly eventId: string;
  readonly companyId: string;
  readonly productId: string;
  readonly previous: Money;
  readonly current: Money;
}

export interface StockChangedInput {
  readonly eventId: string;
  readonly companyId: string;
  readonly productId: string;
  readonly previous: number;
  readonly current: number;
}

export interface OrderStatusChangedInput {
  readonly eventId: string;
  readonly companyId: string;
  readonly orderId: string;
  readonly userId: string;
  readonly to: OrderStatus;
}

const notified = (status: OrderStatus): status is NotifiedOrderStatus => (NOTIFIED_ORDER_STATUSES as readonly string[]).includes(status);

/**
 * The triggers of SPEC §3.8, each applied once per event: the event id is claimed in the
 * transaction that records the notifications (and moves the watches' references), so a
 * redelivery, or a second worker with the same event, records nothing more. Sending follows the
 * commit; what a crash leaves unsent is swept up by SendNotifications.
 */
export class NotificationTriggers {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly sender: RecordedSender,
  ) {}

  /** `price_drop` for each watcher the change fires for; every watch's reference follows the rules. */
  async priceChanged(input: PriceChangedInput): Promise<number> {
    return this.apply(NOTIFICATION_CONSUMERS.priceDrop, input.eventId, async (tx, at) => {
      const { companyId, productId, previous, current } = input;
      const product = await tx.products.byId(companyId, productId);
      if (!product) return [];
      const recorded: Recorded[] = [];
      for (const watch of await tx.watchlist.watchersOf(companyId, productId)) {
        const reference = watch.referencePrice ?? previous;
        const decision = priceDrop({ target: watch.targetPrice, reference }, previous, current);
        // A watch stored before references were kept starts from the price before this change.
        if (!watch.referencePrice || !samePrice(decision.reference, watch.referencePrice)) {
          await tx.watchlist.setReference(companyId, watch.userId, productId, decision.reference);
        }
        if (!decision.fire) continue;
        const cause = { trigger: 'price_drop', productId, productName: product.name, previous, current, target: watch.targetPrice } as const;
        const made = await recordNotification(tx, { companyId, userId: watch.userId }, cause, input.eventId, { id: this.ids.next(), at });
        if (made) recorded.push(made);
      }
      return recorded;
    });
  }

  /** `back_in_stock` for each watcher of a product whose stock went from none to some. */
  async stockChanged(input: StockChangedInput): Promise<number> {
    if (!backInStock(input.previous, input.current)) return 0;
    return this.apply(NOTIFICATION_CONSUMERS.backInStock, input.eventId, async (tx, at) => {
      const { companyId, productId } = input;
      const product = await tx.products.byId(companyId, productId);
      if (!product) return [];
      const recorded: Recorded[] = [];
      for (const watch of await tx.watchlist.watchersOf(companyId, productId)) {
        const cause = { trigger: 'back_in_stock', productId, productName: product.name, stock: input.current } as const;
        const made = await recordNotification(tx, { companyId, userId: watch.userId }, cause, input.eventId, { id: this.ids.next(), at });
        if (made) recorded.push(made);
      }
      return recorded;
    });
  }

  /** `order_status` for the order's user on each transition SPEC §3.8 names. */
  async orderStatusChanged(input: OrderStatusChangedInput): Promise<number> {
    const status = input.to;
    if (!notified(status)) return 0;
    return this.apply(NOTIFICATION_CONSUMERS.orderStatus, input.eventId, async (tx, at) => {
      const { companyId, userId, orderId } = input;
      if (!(await tx.users.byId(companyId, userId))) return [];
      const made = await recordNotification(tx, { companyId, userId }, { trigger: 'order_status', orderId, status }, input.eventId, { id: this.ids.next(), at });
      return made ? [made] : [];
    });
  }

  /** Claims the event and records in one transaction, then sends; resolves with how many were recorded. */
  private async apply(consumer: string, eventId: string, work: (tx: Transaction, at: Date) => Promise<Recorded[]>): Promise<number> {
    const result = await this.uow.run(async (tx) => {
      const at = this.clock.now();
      if (!(await tx.inbox.claim(consumer, eventId, at))) return ok<Recorded[]>([]);
      return ok(await work(tx, at));
    });
    const recorded = result.ok ? result.value : [];
    if (recorded.length > 0) await this.sender.sendRecorded(recorded);
    return recorded.length;
  }
}
