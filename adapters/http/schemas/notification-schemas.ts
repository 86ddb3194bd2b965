import { z } from 'zod';
import {
  NOTIFICATION_CHANNELS, NOTIFICATION_TRIGGERS, type Notification, type NotificationPreference,
} from '../../../domain/notifications/notification';
import { iso, Limit, Cursor } from './common';

export const InboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional().meta({ description: '`true`: unread notifications only' }),
  limit: Limit,
  cursor: Cursor,
});

export const NotificationOut = z
  .object({
    id: z.string(),
    trigger: z.enum(NOTIFICATION_TRIGGERS),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.string()).meta({ description: 'The ids a frontend links to: `productId`, `orderId`, `reportId`, …' }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationOut = (n: Notification): z.infer<typeof NotificationOut> => ({
  id: n.id,
  trigger: n.trigger,
  title: n.title,
  body: n.body,
  data: { ...n.data },
  createdAt: iso(n.createdAt),
  readAt: n.readAt ? iso(n.readAt) : null,
});

export const InboxOut = z
  .object({ items: z.array(NotificationOut), nextCursor: z.string().nullable(), unreadCount: z.number().int() })
  .meta({ id: 'NotificationInbox' });

const PreferenceSchema = z.strictObject({ trigger: z.enum(NOTIFICATION_TRIGGERS), channel: z.enum(NOTIFICATION_CHANNELS), enabled: z.boolean() });

export const PreferencesOut = z.object({ preferences: z.array(PreferenceSchema) }).meta({ id: 'NotificationPreferences' });

export const PreferencesBody = z
  .strictObject({ preferences: z.array(PreferenceSchema).max(NOTIFICATION_TRIGGERS.length * NOTIFICATION_CHANNELS.length) })
  .meta({ id: 'NotificationPreferencesChange', description: 'The pairs to change; the others stay as they are' });

export const preferencesOut = (preferences: readonly NotificationPreference[]): z.infer<typeof PreferencesOut> => ({ preferences: [...preferences] });
