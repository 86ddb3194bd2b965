// Notifications and notification preferences in MemoryStore tables. Memory transactions run
// one at a time, so a second record of an occurrence always sees the first.
import type { NotificationPreferenceRepository, NotificationRepository, NotificationsSince } from '../../application/ports/notification-repository';
import type { Notification, NotificationChannel, NotificationPreference, SendingChannel } from '../../domain/notifications/notification';
import { byCodePoint } from '../../domain/shared/code-point-order';
import { compareKeys, keysetSlice, type CursorKey, type KeyColumn, type KeyOrder, type Page, type PageRequest } from '../../domain/shared/page';
import { DELIVERIES_TABLE, NOTIFICATIONS_TABLE, type DeliveryRow, type StoredNotification } from './in-memory-notification-deliveries';
import type { MemoryStore } from './memory-store';

const NEWEST_FIRST: KeyOrder<Notification> = { columns: [['time', 'desc'], ['string', 'desc']], keyOf: (n) => inboxKey(n) };
const OLDEST_FIRST: readonly KeyColumn[] = [['time', 'asc'], ['string', 'asc']];
const inboxKey = (n: Notification): CursorKey => [n.createdAt.getTime(), n.id];

/**
 * Ids are any text, so parts joined by a separator could collide; a JSON array cannot. A
 * delivery's id is its notification's and its channel's (unique, as notification ids are).
 */
const occurrenceKey = (n: Notification, occurrence: string): string => JSON.stringify([n.companyId, n.userId, n.trigger, occurrence]);
const preferenceKey = (companyId: string, userId: string, p: NotificationPreference): string => JSON.stringify([companyId, userId, p.trigger, p.channel]);
const deliveryId = (notificationId: string, channel: SendingChannel): string => `${notificationId}/${channel}`;

export class InMemoryNotificationRepository implements NotificationRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<StoredNotification>(NOTIFICATIONS_TABLE);
  }

  private get occurrences() {
    return this.store.table<string>('notification_occurrences');
  }

  async record(notification: Notification, occurrence: string, channels: readonly NotificationChannel[]): Promise<boolean> {
    const key = occurrenceKey(notification, occurrence);
    if (this.occurrences.has(key)) return false;
    this.occurrences.set(key, notification.id);
    this.rows.set(notification.id, { notification: structuredClone(notification), occurrence, inInbox: channels.includes('inbox') });
    const sending = [...new Set(channels.filter((c): c is SendingChannel => c !== 'inbox'))];
    // Deliveries exist from the commit on, as the rows a PostgreSQL taker can see.
    this.store.afterCommit(() => {
      const deliveries = this.store.untracked<DeliveryRow>(DELIVERIES_TABLE);
      for (const channel of sending) {
        const id = deliveryId(notification.id, channel);
        deliveries.set(id, {
          id,
          companyId: notification.companyId,
          userId: notification.userId,
          trigger: notification.trigger,
          occurrence,
          channel,
          notificationId: notification.id,
          status: 'pending',
          createdAt: new Date(notification.createdAt),
          takenAt: null,
          finishedAt: null,
        });
      }
    });
    return true;
  }

  async list(companyId: string, userId: string, options: PageRequest & { readonly unreadOnly: boolean }): Promise<Page<Notification>> {
    const items = this.inbox(companyId, userId).filter((n) => !options.unreadOnly || n.readAt === null);
    return keysetSlice(items, options, NEWEST_FIRST);
  }

  async unreadCount(companyId: string, userId: string): Promise<number> {
    return this.inbox(companyId, userId).filter((n) => n.readAt === null).length;
  }

  async markRead(companyId: string, userId: string, notificationId: string, at: Date): Promise<boolean> {
    const notification = this.inbox(companyId, userId).find((n) => n.id === notificationId);
    if (!notification) return false;
    if (notification.readAt === null) this.setReadAt(notification, at);
    return true;
  }

  async markAllRead(companyId: string, userId: string, at: Date): Promise<void> {
    for (const notification of this.inbox(companyId, userId)) if (notification.readAt === null) this.setReadAt(notification, at);
  }

  async after(companyId: string, userId: string, since: NotificationsSince, limit: number): Promise<Notification[]> {
    const inbox = this.inbox(companyId, userId);
    let isAfter: (n: Notification) => boolean;
    if ('id' in since) {
      const last = inbox.find((n) => n.id === since.id);
      if (!last) return [];
      isAfter = (n) => compareKeys(inboxKey(n), inboxKey(last), OLDEST_FIRST) > 0;
    } else {
      isAfter = (n) => n.createdAt > since.at;
    }
    return inbox
      .filter(isAfter)
      .sort((a, b) => compareKeys(inboxKey(a), inboxKey(b), OLDEST_FIRST))
      .slice(0, limit);
  }

  /** The user's inbox, as copies: callers cannot change what is stored. */
  private inbox(companyId: string, userId: string): Notification[] {
    return [...this.rows.values()]
      .filter((row) => row.inInbox && row.notification.companyId === companyId && row.notification.userId === userId)
      .map((row) => structuredClone(row.notification));
  }

  private setReadAt(notification: Notification, at: Date): void {
    const row = this.rows.get(notification.id);
    if (row) this.rows.set(notification.id, { ...row, notification: { ...row.notification, readAt: new Date(at) } });
  }
}

interface PreferenceRow extends NotificationPreference {
  readonly companyId: string;
  readonly userId: string;
}

export class InMemoryNotificationPreferenceRepository implements NotificationPreferenceRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<PreferenceRow>('notification_preferences');
  }

  async forUser(companyId: string, userId: string): Promise<NotificationPreference[]> {
    return [...this.rows.values()]
      .filter((p) => p.companyId === companyId && p.userId === userId)
      .sort((a, b) => byCodePoint(a.trigger, b.trigger) || byCodePoint(a.channel, b.channel))
      .map(({ trigger, channel, enabled }) => ({ trigger, channel, enabled }));
  }

  async set(companyId: string, userId: string, preferences: readonly NotificationPreference[]): Promise<void> {
    for (const { trigger, channel, enabled } of preferences) {
      this.rows.set(preferenceKey(companyId, userId, { trigger, channel, enabled }), { companyId, userId, trigger, channel, enabled });
    }
  }
}
