import { enabledChannels, preferencesWith, type Notification, type NotificationCause } from '../../domain/notifications/notification';
import { notificationText } from '../../domain/notifications/notification-text';
import type { Transaction } from '../ports/unit-of-work';

export interface Recorded {
  readonly companyId: string;
  readonly notificationId: string;
}

/**
 * Records, in the cause's transaction, the notification a cause gives one user, on the channels
 * the user's preferences leave on; none when every channel is off. `occurrence` (the causing
 * event's id) makes it at most once: a second record of the same occurrence changes nothing.
 */
export async function recordNotification(
  tx: Transaction,
  user: { readonly companyId: string; readonly userId: string },
  cause: NotificationCause,
  occurrence: string,
  made: { readonly id: string; readonly at: Date },
): Promise<Recorded | null> {
  const preferences = preferencesWith(await tx.notificationPreferences.forUser(user.companyId, user.userId));
  const channels = enabledChannels(preferences, cause.trigger);
  if (channels.size === 0) return null;
  const notification: Notification = {
    id: made.id,
    companyId: user.companyId,
    userId: user.userId,
    trigger: cause.trigger,
    ...notificationText(cause),
    createdAt: made.at,
    readAt: null,
  };
  const recorded = await tx.notifications.record(notification, occurrence, [...channels]);
  return recorded ? { companyId: user.companyId, notificationId: notification.id } : null;
}
