// Notifications in PostgreSQL/PGlite, by native SQL on the caller's transactional `em` (the
// tables have no entity; see Migration20261206200000_notifications).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationRepository, NotificationsSince } from '../../application/ports/notification-repository';
import { NOTIFICATION_TRIGGERS, type Notification, type NotificationChannel, type NotificationTrigger, type SendingChannel } from '../../domain/notifications/notification';
import type { Page, PageRequest } from '../../domain/shared/page';
import { keysetPage } from './keyset';

export interface NotificationRow {
  id: string;
  company_id: string;
  user_id: string;
  trigger: string;
  title: string;
  body: string;
  data: unknown;
  created_at: Date | string;
  read_at: Date | string | null;
}

/** The columns {@link toNotification} reads, for `select` lists (prefixed when joined). */
export const notificationColumns = (alias: string): string =>
  ['id', 'company_id', 'user_id', 'trigger', 'title', 'body', 'data', 'created_at', 'read_at'].map((c) => `${alias}."${c}"`).join(', ');

// `on conflict do nothing` waits for a concurrent insert of the same occurrence to commit and
// then skips it: a second record is an answer (no row returned), never an aborted transaction.
const RECORD = `insert into notifications (id, company_id, user_id, trigger, occurrence, title, body, data, in_inbox, created_at, read_at)
  values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
  on conflict (company_id, user_id, trigger, occurrence) do nothing
  returning id`;

const INBOX = `from notifications n where n.company_id = ? and n.user_id = ? and n.in_inbox`;

export class MikroOrmNotificationRepository implements NotificationRepository {
  constructor(private readonly em: EntityManager) {}

  async record(notification: Notification, occurrence: string, channels: readonly NotificationChannel[]): Promise<boolean> {
    const n = notification;
    const inserted = await this.em.execute<{ id: string }[]>(RECORD, [
      n.id, n.companyId, n.userId, n.trigger, occurrence, n.title, n.body, JSON.stringify(n.data), channels.includes('inbox'), n.createdAt, n.readAt,
    ]);
    if (inserted.length === 0) return false;
    const sending = [...new Set(channels.filter((c): c is SendingChannel => c !== 'inbox'))];
    if (sending.length > 0) {
      // A delivery's id is its notification's and its channel's: unique, as notification ids are.
      await this.em.execute(
        `insert into notification_deliveries (id, company_id, user_id, trigger, occurrence, channel, notification_id, status, created_at)
         values ${sending.map(() => `(?, ?, ?, ?, ?, ?, ?, 'pending', ?)`).join(', ')}`,
        sending.flatMap((channel) => [`${n.id}/${channel}`, n.companyId, n.userId, n.trigger, occurrence, channel, n.id, n.createdAt]),
        'run',
      );
    }
    return true;
  }

  async list(companyId: string, userId: string, options: PageRequest & { readonly unreadOnly: boolean }): Promise<Page<Notification>> {
    const unread = options.unreadOnly ? ' and n.read_at is null' : '';
    return keysetPage(
      options,
      ['time', 'string'],
      async (after, limit) => {
        const rows = await this.em.execute<NotificationRow[]>(
          `select ${notificationColumns('n')} ${INBOX}${unread}${after ? ' and (n.created_at, n.id) < (?, ?)' : ''}
           order by n.created_at desc, n.id desc limit ?`,
          [companyId, userId, ...(after ? [new Date(after[0] as number), after[1] as string] : []), limit],
        );
        return rows.map(toNotification);
      },
      (n) => [n.createdAt.getTime(), n.id],
    );
  }

  async unreadCount(companyId: string, userId: string): Promise<number> {
    const [row] = await this.em.execute<{ n: number }[]>(`select count(*)::int as n ${INBOX} and n.read_at is null`, [companyId, userId]);
    return row?.n ?? 0;
  }

  async markRead(companyId: string, userId: string, notificationId: string, at: Date): Promise<boolean> {
    const result = await this.em.execute<{ affectedRows: number }>(
      `update notifications set read_at = coalesce(read_at, ?) where company_id = ? and user_id = ? and id = ? and in_inbox`,
      [at, companyId, userId, notificationId],
      'run',
    );
    return result.affectedRows > 0;
  }

  async markAllRead(companyId: string, userId: string, at: Date): Promise<void> {
    await this.em.execute(
      `update notifications set read_at = ? where company_id = ? and user_id = ? and in_inbox and read_at is null`,
      [at, companyId, userId],
      'run',
    );
  }

  async after(companyId: string, userId: string, since: NotificationsSince, limit: number): Promise<Notification[]> {
    const rows =
      'id' in since
        ? await this.em.execute<NotificationRow[]>(
            `select ${notificationColumns('n')} ${INBOX}
               and (n.created_at, n.id) > (select s.created_at, s.id from notifications s
                                           where s.company_id = ? and s.user_id = ? and s.in_inbox and s.id = ?)
             order by n.created_at, n.id limit ?`,
            [companyId, userId, companyId, userId, since.id, limit],
          )
        : await this.em.execute<NotificationRow[]>(
            `select ${notificationColumns('n')} ${INBOX} and n.created_at > ? order by n.created_at, n.id limit ?`,
            [companyId, userId, since.at, limit],
          );
    return rows.map(toNotification);
  }
}

const asTrigger = (value: string): NotificationTrigger => {
  const trigger = NOTIFICATION_TRIGGERS.find((t) => t === value);
  if (!trigger) throw new Error(`Unknown notification trigger in the store: ${value}`);
  return trigger;
};

/** pg parses jsonb and timestamptz; PGlite may hand either back as text. */
export function toNotification(row: NotificationRow): Notification {
  const data: unknown = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
  return {
    id: row.id,
    companyId: row.company_id,
    userId: row.user_id,
    trigger: asTrigger(row.trigger),
    title: row.title,
    body: row.body,
    data: Object.fromEntries(Object.entries((data ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    createdAt: new Date(row.created_at),
    readAt: row.read_at === null ? null : new Date(row.read_at),
  };
}
