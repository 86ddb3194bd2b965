// The triggers and the sender on the memory store: what each cause records, for whom, on which
// channels, and that a redelivered event or a second sender never notifies twice.
import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryMailer } from '../../../adapters/memory/in-memory-mailer';
import { InMemoryNotificationDeliveries } from '../../../adapters/memory/in-memory-notification-deliveries';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { InProcessRealtime } from '../../../adapters/memory/in-process-realtime';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import { SequentialIds } from '../../../adapters/memory/sequential-ids';
import { NotificationInbox } from '../../../application/notifications/notification-inbox';
import { NotificationTriggers } from '../../../application/notifications/notification-triggers';
import { SendNotifications } from '../../../application/notifications/send-notifications';
import type { RealtimeEnvelope } from '../../../application/ports/realtime';
import { ignoreNotifications } from '../../../application/ports/realtime';
import type { Actor } from '../../../domain/identity/actor';
import type { User } from '../../../domain/identity/user';
import type { Money } from '../../../domain/shared/money';
import { ok } from '../../../domain/shared/result';
import { aProduct } from '../../support/products';

const COMPANY = 'c1';
const eur = (amountCents: number): Money => ({ amountCents, currency: 'EUR' });
const userOf = (id: string): User => ({
  id, companyId: COMPANY, email: `${id}@shop.test`, displayName: id.toUpperCase(), role: 'customer', passwordHash: 'x',
  createdAt: new Date(0), updatedAt: new Date(0),
});
const actorOf = (userId: string): Actor => ({ userId, companyId: COMPANY, role: 'customer' });

describe('notification triggers', () => {
  let store: MemoryStore;
  let mailer: InMemoryMailer;
  let pushed: RealtimeEnvelope[];
  let triggers: NotificationTriggers;
  let sender: SendNotifications;
  let inbox: NotificationInbox;
  let clock: FixedClock;

  beforeEach(async () => {
    clock = new FixedClock(new Date('2026-12-06T10:00:00.000Z'));
    store = new MemoryStore();
    const uow = new InMemoryUnitOfWork(store);
    mailer = new InMemoryMailer();
    const realtime = new InProcessRealtime();
    pushed = [];
    await realtime.subscribe((envelope) => pushed.push(envelope));
    sender = new SendNotifications(new InMemoryNotificationDeliveries(store), uow, mailer, realtime, clock, { pendingGraceMs: 60_000, sendingLeaseMs: 300_000 }, ignoreNotifications);
    triggers = new NotificationTriggers(uow, new SequentialIds('n'), clock, sender);
    inbox = new NotificationInbox(uow, clock);
    await uow.run(async (tx) => {
      for (const id of ['ann', 'bob', 'cat']) await tx.users.save(userOf(id));
      await tx.products.save(aProduct(COMPANY, { id: 'p1', name: 'Leather boot', price: eur(12900), stock: 0 }));
      const watch = (userId: string, targetPrice: Money | null) => ({ companyId: COMPANY, userId, productId: 'p1', targetPrice, referencePrice: eur(12900), addedAt: new Date(0) });
      await tx.watchlist.save(watch('ann', eur(10000)));
      await tx.watchlist.save(watch('bob', null));
      return ok(undefined);
    });
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('tells the watchers a price drop fires for, in the inbox, by email and by push, once per event', async () => {
    const change = { eventId: 'e1', companyId: COMPANY, productId: 'p1', previous: eur(12900), current: eur(9900) };
    expect(await triggers.priceChanged(change)).toBe(2);
    expect(await triggers.priceChanged(change)).toBe(0);
    await settle();
    const annInbox = await inbox.list(actorOf('ann'), { limit: 10, unreadOnly: false });
    expect(annInbox.unreadCount).toBe(1);
    expect(annInbox.items[0]).toMatchObject({ trigger: 'price_drop', title: 'Price drop: Leather boot', data: { productId: 'p1' } });
    expect(mailer.sentTo('ann@shop.test')).toHaveLength(1);
    expect(mailer.sentTo('bob@shop.test')).toHaveLength(1);
    expect(mailer.sentTo('cat@shop.test')).toHaveLength(0);
    expect(pushed.map((p) => p.userId).sort()).toEqual(['ann', 'bob']);
  });

  it('sends nothing on a channel the user turned off, and records nothing when all are off', async () => {
    await inbox.setPreferences(actorOf('ann'), [{ trigger: 'price_drop', channel: 'email', enabled: false }]);
    await inbox.setPreferences(actorOf('bob'), ['inbox', 'email', 'push'].map((channel) => ({ trigger: 'price_drop' as const, channel: channel as 'inbox', enabled: false })));
    expect(await triggers.priceChanged({ eventId: 'e1', companyId: COMPANY, productId: 'p1', previous: eur(12900), current: eur(9900) })).toBe(1);
    await settle();
    expect(mailer.sent).toHaveLength(0);
    expect(pushed.map((p) => p.userId)).toEqual(['ann']);
    expect((await inbox.list(actorOf('bob'), { limit: 10, unreadOnly: false })).items).toEqual([]);
  });

  it('tells watchers a product is back in stock, and the buyer each order status, not placed', async () => {
    expect(await triggers.stockChanged({ eventId: 'e2', companyId: COMPANY, productId: 'p1', previous: 0, current: 4 })).toBe(2);
    expect(await triggers.stockChanged({ eventId: 'e3', companyId: COMPANY, productId: 'p1', previous: 4, current: 9 })).toBe(0);
    expect(await triggers.orderStatusChanged({ eventId: 'e4', companyId: COMPANY, orderId: 'o1', userId: 'cat', to: 'placed' })).toBe(0);
    expect(await triggers.orderStatusChanged({ eventId: 'e5', companyId: COMPANY, orderId: 'o1', userId: 'cat', to: 'shipped' })).toBe(1);
    const cat = await inbox.list(actorOf('cat'), { limit: 10, unreadOnly: false });
    expect(cat.items.map((n) => n.title)).toEqual(['Your order is on its way']);
  });

  it('never sends a delivery twice: the sweep after a sender finds nothing, and one left mid-send is failed', async () => {
    await triggers.orderStatusChanged({ eventId: 'e5', companyId: COMPANY, orderId: 'o1', userId: 'cat', to: 'paid' });
    expect(await sender.sweep()).toBe(0);
    expect(mailer.sentTo('cat@shop.test')).toHaveLength(1);
  });

  it('records once when two workers apply the same event at the same time', async () => {
    const change = { eventId: 'e1', companyId: COMPANY, productId: 'p1', previous: eur(12900), current: eur(9900) };
    const counts = await Promise.all([triggers.priceChanged(change), triggers.priceChanged(change)]);
    expect(counts.sort()).toEqual([0, 2]);
    await settle();
    expect(mailer.sentTo('ann@shop.test')).toHaveLength(1);
  });

  it('never sends a delivery whose sender died mid-send: the sweep fails it after the lease', async () => {
    // A sender took the deliveries (as the trigger's sender does after the commit) and died before finishing.
    const deliveries = new InMemoryNotificationDeliveries(store);
    const silent = new NotificationTriggers(new InMemoryUnitOfWork(store), new SequentialIds('m'), clock, { sendRecorded: async (recorded) => {
      for (const { companyId, notificationId } of recorded) await deliveries.takeFor(companyId, notificationId, clock.now());
    } });
    await silent.orderStatusChanged({ eventId: 'e9', companyId: COMPANY, orderId: 'o9', userId: 'cat', to: 'paid' });
    expect(await sender.sweep()).toBe(0);
    clock.advance(300_001);
    expect(await sender.sweep()).toBe(2);
    await settle();
    expect(mailer.sent).toHaveLength(0);
    expect(pushed).toEqual([]);
  });

  it('sends a delivery left pending by a sender that died before taking it, once, after the grace', async () => {
    const idle = new NotificationTriggers(new InMemoryUnitOfWork(store), new SequentialIds('m'), clock, { sendRecorded: async () => undefined });
    await idle.orderStatusChanged({ eventId: 'e9', companyId: COMPANY, orderId: 'o9', userId: 'cat', to: 'paid' });
    expect(await sender.sweep()).toBe(0);
    clock.advance(60_001);
    expect(await sender.sweep()).toBe(2);
    expect(await sender.sweep()).toBe(0);
    await settle();
    expect(mailer.sentTo('cat@shop.test')).toHaveLength(1);
    expect(pushed.map((p) => p.userId)).toEqual(['cat']);
  });

  it('marks read one notification of the user only, then all', async () => {
    await triggers.stockChanged({ eventId: 'e2', companyId: COMPANY, productId: 'p1', previous: 0, current: 4 });
    await triggers.orderStatusChanged({ eventId: 'e5', companyId: COMPANY, orderId: 'o1', userId: 'ann', to: 'paid' });
    const [newest] = (await inbox.list(actorOf('ann'), { limit: 10, unreadOnly: false })).items;
    expect((await inbox.read(actorOf('bob'), newest!.id)).ok).toBe(false);
    expect((await inbox.read(actorOf('ann'), newest!.id)).ok).toBe(true);
    expect((await inbox.list(actorOf('ann'), { limit: 10, unreadOnly: true })).unreadCount).toBe(1);
    await inbox.readAll(actorOf('ann'));
    expect((await inbox.list(actorOf('ann'), { limit: 10, unreadOnly: true })).items).toEqual([]);
  });
});
