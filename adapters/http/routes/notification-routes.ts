import type { NotificationInbox } from '../../../application/notifications/notification-inbox';
import { ok } from '../../../domain/shared/result';
import { answer, route, type RouteSpec } from '../route';
import { IdParams } from '../schemas/common';
import { InboxOut, InboxQuery, notificationOut, PreferencesBody, PreferencesOut, preferencesOut } from '../schemas/notification-schemas';

export interface NotificationUseCases {
  readonly notificationInbox: NotificationInbox;
}

/** The caller's own inbox and channel preferences (SPEC §3.8): every role has them. */
export function notificationRoutes(uc: NotificationUseCases): RouteSpec[] {
  const tag = 'Notifications';
  const inbox = uc.notificationInbox;
  return [
    route({
      method: 'get', path: '/users/me/notifications', operationId: 'listNotifications', tag, auth: 'user',
      summary: 'The caller\'s notifications, newest first, with the unread count',
      description: 'Live copies arrive over the WebSocket at `/ws` (see the document\'s description).',
      query: InboxQuery,
      responses: { 200: { description: 'A page of the inbox', schema: InboxOut } },
      handle: async ({ actor, query }) => {
        const page = await inbox.list(actor, { limit: query.limit, cursor: query.cursor, unreadOnly: query.unread === 'true' });
        return answer(ok(page), 200, (p) => ({ items: p.items.map(notificationOut), nextCursor: p.nextCursor, unreadCount: p.unreadCount }));
      },
    }),
    route({
      method: 'post', path: '/users/me/notifications/:id/read', operationId: 'markNotificationRead', tag, auth: 'user',
      summary: 'Mark one of the caller\'s notifications read', params: IdParams, errors: [404],
      responses: { 204: { description: 'Read (also when it was already)' } },
      handle: async ({ actor, params }) => answer(await inbox.read(actor, params.id), 204),
    }),
    route({
      method: 'post', path: '/users/me/notifications/read-all', operationId: 'markAllNotificationsRead', tag, auth: 'user',
      summary: 'Mark every notification of the caller read',
      responses: { 204: { description: 'All read' } },
      handle: async ({ actor }) => {
        await inbox.readAll(actor);
        return answer(ok(undefined), 204);
      },
    }),
    route({
      method: 'get', path: '/users/me/notification-preferences', operationId: 'getNotificationPreferences', tag, auth: 'user',
      summary: 'Every (trigger, channel) pair and whether it is on (all on by default)',
      responses: { 200: { description: 'The preferences', schema: PreferencesOut } },
      handle: async ({ actor }) => answer(ok(await inbox.preferences(actor)), 200, preferencesOut),
    }),
    route({
      method: 'put', path: '/users/me/notification-preferences', operationId: 'setNotificationPreferences', tag, auth: 'user',
      summary: 'Turn (trigger, channel) pairs on or off; the pairs not given stay as they are',
      body: PreferencesBody,
      responses: { 200: { description: 'Every pair, after the change', schema: PreferencesOut } },
      handle: async ({ actor, body }) => answer(ok(await inbox.setPreferences(actor, body.preferences)), 200, preferencesOut),
    }),
  ];
}
