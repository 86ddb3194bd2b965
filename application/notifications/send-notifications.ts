import { emailText } from '../../domain/notifications/notification-text';
import type { Clock } from '../ports/clock';
import type { Mailer } from '../ports/mailer';
import type { NotificationDeliveries, TakenDelivery } from '../ports/notification-repository';
import type { NotificationObserver, RealtimePublisher } from '../ports/realtime';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Recorded } from './record-notification';

export interface SendingTimes {
  /** A delivery still pending this long after its notification was recorded lost its sender: the sweep sends it. */
  readonly pendingGraceMs: number;
  /** A delivery taken this long ago and never finished lost its sender mid-send: failed, never resent. */
  readonly sendingLeaseMs: number;
}

/** Deliveries the sweep takes at once. */
const SWEEP_BATCH = 100;

/**
 * Sends the email and push deliveries of recorded notifications, each at most once: a delivery
 * is taken before anything is sent and never taken again, so neither a second sender nor a
 * sender restarted after dying mid-send sends it twice; one that died mid-send leaves it
 * failed. Email goes through the mail port; push is published to every replica's sockets.
 */
export class SendNotifications {
  constructor(
    private readonly deliveries: NotificationDeliveries,
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly realtime: RealtimePublisher,
    private readonly clock: Clock,
    private readonly times: SendingTimes,
    private readonly observer: NotificationObserver,
  ) {}

  /** Right after the commit that recorded them. */
  async sendRecorded(recorded: readonly Recorded[]): Promise<void> {
    for (const { companyId, notificationId } of recorded) {
      const taken = await this.deliveries.takeFor(companyId, notificationId, this.clock.now());
      // Push first: a socket should not wait for the mail server.
      for (const delivery of taken.sort((a, b) => Number(a.channel !== 'push') - Number(b.channel !== 'push'))) await this.send(delivery);
    }
  }

  /** What recorders left: stale sends failed, then pending deliveries past their grace sent; resolves with how many were sent or failed. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let handled = await this.deliveries.abandonStale(new Date(now.getTime() - this.times.sendingLeaseMs), now);
    const pending = await this.deliveries.takePending(new Date(now.getTime() - this.times.pendingGraceMs), SWEEP_BATCH, now);
    for (const taken of pending) await this.send(taken);
    handled += pending.length;
    return handled;
  }

  private async send(taken: TakenDelivery): Promise<void> {
    const { notification, channel } = taken;
    let outcome: 'sent' | 'failed';
    try {
      outcome = channel === 'email' ? await this.email(taken) : await this.push(taken);
    } catch {
      // The transport refused or failed: at most once means no retry of this delivery.
      outcome = 'failed';
    }
    await this.deliveries.finish(taken.deliveryId, outcome, this.clock.now());
    this.observer.delivered(notification.trigger, channel, outcome);
  }

  private async email({ notification }: TakenDelivery): Promise<'sent' | 'failed'> {
    const user = await this.uow.read((repos) => repos.users.byId(notification.companyId, notification.userId));
    if (!user) return 'failed';
    await this.mailer.send({ to: user.email, ...emailText(notification, user.displayName) });
    return 'sent';
  }

  private async push({ notification }: TakenDelivery): Promise<'sent'> {
    await this.realtime.publish({ companyId: notification.companyId, userId: notification.userId, message: { type: 'notification', notification } });
    return 'sent';
  }
}
