// The email and push deliveries in a MemoryStore. Rows arrive when the recording transaction
// commits and live in an untracked table: taking and finishing happen outside transactions, and a
// concurrent transaction's rollback must not undo them (a taken row would be sent again).
import type { DeliveryOutcome, NotificationDeliveries, TakenDelivery } from '../../application/ports/notification-repository';
import type { Notification, NotificationTrigger, SendingChannel } from '../../domain/notifications/notification';
import { byCodePoint } from '../../domain/shared/code-point-order';
import type { MemoryStore } from './memory-store';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface DeliveryRow {
  readonly id: string;
  readonly companyId: string;
  readonly userId: string;
  readonly trigger: NotificationTrigger;
  readonly occurrence: string;
  readonly channel: SendingChannel;
  readonly notificationId: string;
  readonly status: DeliveryStatus;
  readonly createdAt: Date;
  readonly takenAt: Date | null;
  readonly finishedAt: Date | null;
}

/** What the recorder writes (in its transaction) and what the deliveries read. */
export interface StoredNotification {
  readonly notification: Notification;
  readonly occurrence: string;
  /** The inbox channel is this flag, not a delivery row. */
  readonly inInbox: boolean;
}

export const NOTIFICATIONS_TABLE = 'notifications';
export const DELIVERIES_TABLE = 'notification_deliveries';

/** Each method runs at once, without `MemoryStore.transaction`, as the PostgreSQL one runs a statement of its own. */
export class InMemoryNotificationDeliveries implements NotificationDeliveries {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.untracked<DeliveryRow>(DELIVERIES_TABLE);
  }

  async takeFor(companyId: string, notificationId: string, at: Date): Promise<TakenDelivery[]> {
    return this.take(this.pending().filter((d) => d.companyId === companyId && d.notificationId === notificationId), at);
  }

  async takePending(recordedBefore: Date, limit: number, at: Date): Promise<TakenDelivery[]> {
    return this.take(this.pending().filter((d) => d.createdAt < recordedBefore).slice(0, limit), at);
  }

  async finish(deliveryId: string, outcome: DeliveryOutcome, at: Date): Promise<void> {
    const row = this.rows.get(deliveryId);
    if (row?.status === 'sending') this.rows.set(deliveryId, { ...row, status: outcome, finishedAt: new Date(at) });
  }

  async abandonStale(takenBefore: Date, at: Date): Promise<number> {
    const stale = [...this.rows.values()].filter((d) => d.status === 'sending' && d.takenAt !== null && d.takenAt < takenBefore);
    for (const row of stale) this.rows.set(row.id, { ...row, status: 'failed', finishedAt: new Date(at) });
    return stale.length;
  }

  /** Pending rows, oldest first (ties by id). */
  private pending(): DeliveryRow[] {
    return [...this.rows.values()]
      .filter((d) => d.status === 'pending')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byCodePoint(a.id, b.id));
  }

  private take(rows: readonly DeliveryRow[], at: Date): TakenDelivery[] {
    const notifications = this.store.table<StoredNotification>(NOTIFICATIONS_TABLE);
    return rows.flatMap((row) => {
      this.rows.set(row.id, { ...row, status: 'sending', takenAt: new Date(at) });
      const stored = notifications.get(row.notificationId);
      return stored ? [{ deliveryId: row.id, channel: row.channel, notification: structuredClone(stored.notification) }] : [];
    });
  }
}
