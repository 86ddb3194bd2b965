// Notifications (SPEC §3.8): the record of each, its deliveries per channel, and the users'
// channel preferences. Written in the transaction of their cause, so a notification exists
// exactly when its cause's consumer committed, and at most once per (user, trigger, occurrence).
import type { Notification, NotificationChannel, NotificationPreference, SendingChannel } from '../../domain/notifications/notification';
import type { Page, PageRequest } from '../../domain/shared/page';

/** Where a reconnecting client left off: the last notification it got, or an instant. */
export type NotificationsSince = { readonly id: string } | { readonly at: Date };

export interface NotificationRepository {
  /**
   * Records a notification for one occurrence of its trigger (the causing event's id) with a
   * delivery row per channel in `channels`, all `pending` but the inbox's, in the caller's
   * transaction. The inbox shows it only when `channels` holds `inbox`. Resolves false, changing
   * nothing, when (company, user, trigger, occurrence) is recorded already (also when a
   * concurrent transaction records it: the second waits for the first, then sees it).
   */
  record(notification: Notification, occurrence: string, channels: readonly NotificationChannel[]): Promise<boolean>;
  /** The user's inbox, newest first (ties by id, descending); only unread ones with `unreadOnly`. InvalidCursor for a cursor not of this list. */
  list(companyId: string, userId: string, options: PageRequest & { readonly unreadOnly: boolean }): Promise<Page<Notification>>;
  unreadCount(companyId: string, userId: string): Promise<number>;
  /** Marks one of the user's inbox notifications read (the first `readAt` stays); false when the user has no such notification in the inbox. */
  markRead(companyId: string, userId: string, notificationId: string, at: Date): Promise<boolean>;
  /** Marks every unread inbox notification of the user read. */
  markAllRead(companyId: string, userId: string, at: Date): Promise<void>;
  /**
   * The user's inbox notifications after `since` (created after that instant, or after that
   * notification in the inbox's order), oldest first, at most `limit`: what a socket missed.
   * An id not of the user's inbox gives none.
   */
  after(companyId: string, userId: string, since: NotificationsSince, limit: number): Promise<Notification[]>;
}

/** A delivery taken for sending. */
export interface TakenDelivery {
  readonly deliveryId: string;
  readonly channel: SendingChannel;
  readonly notification: Notification;
}

export type DeliveryOutcome = 'sent' | 'failed';

/**
 * The email and push deliveries of recorded notifications. Sending is at most once: a delivery
 * is taken (pending → sending) in a transaction of its own before anything is sent, and never
 * taken again; one left `sending` by a sender that died is failed, never resent.
 */
export interface NotificationDeliveries {
  /** Takes the pending deliveries of one notification (its recorder, right after the commit). */
  takeFor(companyId: string, notificationId: string, at: Date): Promise<TakenDelivery[]>;
  /** Takes up to `limit` pending deliveries recorded before `recordedBefore`, oldest first (the sweep after a recorder died). */
  takePending(recordedBefore: Date, limit: number, at: Date): Promise<TakenDelivery[]>;
  /** Records how the send went. */
  finish(deliveryId: string, outcome: DeliveryOutcome, at: Date): Promise<void>;
  /** Fails the deliveries taken before `takenBefore` and never finished; resolves with how many. */
  abandonStale(takenBefore: Date, at: Date): Promise<number>;
}

export interface NotificationPreferenceRepository {
  /** The pairs the user has set (any others are enabled). */
  forUser(companyId: string, userId: string): Promise<NotificationPreference[]>;
  /** Sets the pairs given and leaves the others as they are. */
  set(companyId: string, userId: string, preferences: readonly NotificationPreference[]): Promise<void>;
}
