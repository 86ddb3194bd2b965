// The senders' view of notification deliveries, as the outbox relay's (MikroOrmOutboxStore):
// each call is one autocommitted statement on a fresh fork of the root EntityManager, outside
// business transactions, so a delivery is marked taken before anything is sent.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryOutcome, NotificationDeliveries, TakenDelivery } from '../../application/ports/notification-repository';
import type { SendingChannel } from '../../domain/notifications/notification';
import { notificationColumns, toNotification, type NotificationRow } from './mikro-orm-notification-repository';

type TakenRow = NotificationRow & { delivery_id: string; channel: string };

/**
 * `update … where status = 'pending'` re-checks the status of a row a concurrent taker changed
 * meanwhile (read committed), so two takers never both take it. `from` names the rows to take
 * (with their own placeholders, bound first). Ordered outside: `returning` keeps no order.
 */
const taking = (from: string, which: string): string => `${from}
  taken as (
    update notification_deliveries d set status = 'sending', taken_at = ?
    where ${which} and d.status = 'pending'
    returning d.id, d.channel, d.notification_id, d.created_at)
  select t.id as delivery_id, t.channel, ${notificationColumns('n')}
  from taken t join notifications n on n.id = t.notification_id
  order by t.created_at, t.id`;

const TAKE_FOR = taking('with', 'd.company_id = ? and d.notification_id = ?');

// Picked in a materialized CTE, not `where id in (subquery)`: the planner may run such a
// subquery again for each row updated, and its `limit` then bounds nothing (seen on PGlite).
// `skip locked`: concurrent sweeps take disjoint batches instead of queueing on each other's rows.
const TAKE_PENDING = taking(
  `with picked as materialized (
    select id from notification_deliveries
    where status = 'pending' and created_at < ?
    order by created_at, id
    limit ?
    for update skip locked),`,
  'd.id in (select id from picked)',
);

const FINISH = `update notification_deliveries set status = ?, finished_at = ? where id = ? and status = 'sending'`;

const ABANDON = `update notification_deliveries set status = 'failed', finished_at = ? where status = 'sending' and taken_at < ?`;

export class MikroOrmNotificationDeliveries implements NotificationDeliveries {
  constructor(private readonly root: EntityManager) {}

  async takeFor(companyId: string, notificationId: string, at: Date): Promise<TakenDelivery[]> {
    return (await this.root.fork().execute<TakenRow[]>(TAKE_FOR, [at, companyId, notificationId])).map(toTaken);
  }

  async takePending(recordedBefore: Date, limit: number, at: Date): Promise<TakenDelivery[]> {
    return (await this.root.fork().execute<TakenRow[]>(TAKE_PENDING, [recordedBefore, limit, at])).map(toTaken);
  }

  async finish(deliveryId: string, outcome: DeliveryOutcome, at: Date): Promise<void> {
    await this.root.fork().execute(FINISH, [outcome, at, deliveryId], 'run');
  }

  async abandonStale(takenBefore: Date, at: Date): Promise<number> {
    const result = await this.root.fork().execute<{ affectedRows: number }>(ABANDON, [at, takenBefore], 'run');
    return result.affectedRows;
  }
}

const toTaken = (row: TakenRow): TakenDelivery => ({
  deliveryId: row.delivery_id,
  // The table's check constraint admits only these two.
  channel: row.channel as SendingChannel,
  notification: toNotification(row),
});
