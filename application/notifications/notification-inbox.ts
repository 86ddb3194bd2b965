import type { Actor } from '../../domain/identity/actor';
import { preferencesWith, type Notification, type NotificationPreference } from '../../domain/notifications/notification';
import { notFound, type AppError } from '../../domain/shared/errors';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { NotificationsSince } from '../ports/notification-repository';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface InboxPage extends Page<Notification> {
  /** All the user's unread inbox notifications, whatever the page. */
  readonly unreadCount: number;
}

/** Notifications a reconnecting socket gets at most; more are read from the inbox list. */
export const MISSED_LIMIT = 100;

/** The signed-in user's own inbox (SPEC §3.8): every role has one, and sees only its own. */
export class NotificationInbox {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: PageRequest & { readonly unreadOnly: boolean }): Promise<InboxPage> {
    return this.uow.read(async (repos) => {
      const page = await repos.notifications.list(actor.companyId, actor.userId, query);
      return { ...page, unreadCount: await repos.notifications.unreadCount(actor.companyId, actor.userId) };
    });
  }

  async read(actor: Actor, notificationId: string): Promise<Result<void, AppError<'not_found'>>> {
    return this.uow.run(async (tx) => {
      const marked = await tx.notifications.markRead(actor.companyId, actor.userId, notificationId, this.clock.now());
      return marked ? ok(undefined) : err(notFound('Notification'));
    });
  }

  async readAll(actor: Actor): Promise<void> {
    await this.uow.run(async (tx) => ok(await tx.notifications.markAllRead(actor.companyId, actor.userId, this.clock.now())));
  }

  /** What a socket of the user missed since `since`, oldest first. */
  async missed(user: { readonly companyId: string; readonly userId: string }, since: NotificationsSince): Promise<Notification[]> {
    return this.uow.read((repos) => repos.notifications.after(user.companyId, user.userId, since, MISSED_LIMIT));
  }

  /** Every (trigger, channel) pair with the user's choice, enabled unless set off. */
  async preferences(actor: Actor): Promise<NotificationPreference[]> {
    return preferencesWith(await this.uow.read((repos) => repos.notificationPreferences.forUser(actor.companyId, actor.userId)));
  }

  /** Sets the pairs given, leaves the others, and answers them all. */
  async setPreferences(actor: Actor, changes: readonly NotificationPreference[]): Promise<NotificationPreference[]> {
    await this.uow.run(async (tx) => ok(await tx.notificationPreferences.set(actor.companyId, actor.userId, changes)));
    return this.preferences(actor);
  }
}
