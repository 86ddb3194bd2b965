// Notifications (SPEC §3.8): what a user is told, on which channels, at most once per cause.
import type { Money } from '../shared/money';

export const NOTIFICATION_TRIGGERS = ['price_drop', 'back_in_stock', 'order_status', 'campaign', 'report_ready'] as const;
export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number];

export const NOTIFICATION_CHANNELS = ['inbox', 'email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The channels a notification goes out on after it is recorded (the inbox is the record itself). */
export type SendingChannel = Exclude<NotificationChannel, 'inbox'>;

export interface Notification {
  readonly id: string;
  readonly companyId: string;
  readonly userId: string;
  readonly trigger: NotificationTrigger;
  readonly title: string;
  readonly body: string;
  /** The ids a frontend links to (`productId`, `orderId`, `reportId`, …). */
  readonly data: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly readAt: Date | null;
}

export interface NotificationPreference {
  readonly trigger: NotificationTrigger;
  readonly channel: NotificationChannel;
  readonly enabled: boolean;
}

/** Every (trigger, channel) pair, in a fixed order, each enabled unless `overrides` says otherwise. */
export function preferencesWith(overrides: readonly NotificationPreference[]): NotificationPreference[] {
  const set = new Map(overrides.map((p) => [`${p.trigger}/${p.channel}`, p.enabled]));
  return NOTIFICATION_TRIGGERS.flatMap((trigger) =>
    NOTIFICATION_CHANNELS.map((channel) => ({ trigger, channel, enabled: set.get(`${trigger}/${channel}`) ?? true })),
  );
}

/** The channels a trigger may use for a user with these preferences. */
export function enabledChannels(preferences: readonly NotificationPreference[], trigger: NotificationTrigger): Set<NotificationChannel> {
  return new Set(preferences.filter((p) => p.trigger === trigger && p.enabled).map((p) => p.channel));
}

/**
 * What a trigger says, worked out by the rules (alert-rules.ts) from the cause. Product and
 * order facts are what the notification's text and links need.
 */
export type NotificationCause =
  | { readonly trigger: 'price_drop'; readonly productId: string; readonly productName: string; readonly previous: Money; readonly current: Money; readonly target: Money | null }
  | { readonly trigger: 'back_in_stock'; readonly productId: string; readonly productName: string; readonly stock: number }
  | { readonly trigger: 'order_status'; readonly orderId: string; readonly status: NotifiedOrderStatus };

export const NOTIFIED_ORDER_STATUSES = ['paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type NotifiedOrderStatus = (typeof NOTIFIED_ORDER_STATUSES)[number];
