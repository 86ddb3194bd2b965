// Notifications (SPEC §3.8): recorded at most once per (user, trigger, occurrence), the inbox
// (newest first, keyset pages, read marks, what a socket missed), preferences, and the email and
// push deliveries, taken at most once even by concurrent takers.
// The deliveries' sweeps span companies, so their tests keep to instants no other test uses:
// pending rows recorded in 2001 and 2002, taken in 2002 or after 2026.
import { expect, it } from 'vitest';
import type { NotificationDeliveries, TakenDelivery } from '../../application/ports/notification-repository';
import type { Repositories, UnitOfWork } from '../../application/ports/unit-of-work';
import type { Notification, NotificationChannel } from '../../domain/notifications/notification';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors, walkPages } from '../support/keyset-pages';
import type { StoreKind } from '../support/test-databases';
import { uniqueId } from '../support/unique';

export interface NotificationsUnderTest {
  readonly kind: StoreKind;
  readonly uow: UnitOfWork;
  readonly deliveries: NotificationDeliveries;
}

const at = (iso: string): Date => new Date(iso);
const minute = (n: number): Date => new Date(Date.UTC(2026, 2, 1, 12, n));
const LATER = at('2026-06-01T00:00:00Z');

export function notificationRepositoryContract(subject: () => NotificationsUnderTest): void {
  const made = (companyId: string, userId: string, id: string, createdAt: Date, over: Partial<Notification> = {}): Notification => ({
    id,
    companyId,
    userId,
    trigger: 'price_drop',
    title: `Price drop ${id}`,
    body: 'Now 9.90 EUR (was 12.90 EUR).',
    data: { productId: 'p-1' },
    createdAt,
    readAt: null,
    ...over,
  });
  const record = async (n: Notification, occurrence: string, channels: readonly NotificationChannel[] = ['inbox', 'email', 'push']): Promise<boolean> => {
    const result = await subject().uow.run(async (tx) => ok(await tx.notifications.record(n, occurrence, channels)));
    if (!result.ok) throw new Error('record failed');
    return result.value;
  };
  const write = async (work: (tx: Repositories) => Promise<unknown>): Promise<void> => {
    await subject().uow.run(async (tx) => ok(await work(tx)));
  };
  const read = <T>(work: (r: Repositories) => Promise<T>): Promise<T> => subject().uow.read(work);
  const inbox = (companyId: string, userId: string, unreadOnly = false) =>
    read(async (r) => (await r.notifications.list(companyId, userId, { limit: 100, unreadOnly })).items);
  const ids = (items: readonly { readonly id: string }[]) => items.map((n) => n.id);
  const channelsOf = (taken: readonly TakenDelivery[]) => taken.map((t) => t.channel);

  it('records once per (user, trigger, occurrence): a second record answers false and changes nothing', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const first = made(c, 'u', `${p}-1`, minute(1));
    expect(await record(first, 'evt-1', ['inbox', 'email'])).toBe(true);
    expect(await record(made(c, 'u', `${p}-2`, minute(2), { title: 'again' }), 'evt-1', ['inbox', 'push'])).toBe(false);
    const otherTrigger = made(c, 'u', `${p}-3`, minute(3), { trigger: 'back_in_stock' });
    const otherUser = made(c, 'v', `${p}-4`, minute(4));
    const otherOccurrence = made(c, 'u', `${p}-5`, minute(5));
    expect([await record(otherTrigger, 'evt-1'), await record(otherUser, 'evt-1'), await record(otherOccurrence, 'evt-2')]).toEqual([true, true, true]);

    expect(await inbox(c, 'u')).toEqual([otherOccurrence, otherTrigger, first]);
    expect(await subject().deliveries.takeFor(c, `${p}-2`, LATER)).toEqual([]);
    expect(channelsOf(await subject().deliveries.takeFor(c, first.id, LATER))).toEqual(['email']);
  });

  it('records one of two concurrent records of the same occurrence', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const answers = await Promise.all([record(made(c, 'u', `${p}-a`, minute(1)), 'evt'), record(made(c, 'u', `${p}-b`, minute(1)), 'evt')]);
    expect([...answers].sort()).toEqual([false, true]);
    const listed = await inbox(c, 'u');
    expect(listed).toHaveLength(1);
    const loser = listed[0]?.id === `${p}-a` ? `${p}-b` : `${p}-a`;
    expect(await subject().deliveries.takeFor(c, loser, LATER)).toEqual([]);
    expect(channelsOf(await subject().deliveries.takeFor(c, listed[0]!.id, LATER))).toEqual(['email', 'push']);
  });

  it('shows a notification in the inbox only when recorded with the inbox channel', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const mailed = made(c, 'u', `${p}-mail`, minute(1));
    expect(await record(mailed, 'evt-1', ['email', 'push'])).toBe(true);
    const silent = made(c, 'u', `${p}-none`, minute(2));
    expect([await record(silent, 'evt-2', []), await record(silent, 'evt-2', ['inbox'])]).toEqual([true, false]);

    expect(await inbox(c, 'u')).toEqual([]);
    expect(await read((r) => r.notifications.unreadCount(c, 'u'))).toBe(0);
    expect(await read((r) => r.notifications.after(c, 'u', { at: minute(0) }, 10))).toEqual([]);
    expect(await read((r) => r.notifications.after(c, 'u', { id: mailed.id }, 10))).toEqual([]);
    const marked = await subject().uow.run(async (tx) => ok(await tx.notifications.markRead(c, 'u', mailed.id, minute(3))));
    expect(marked).toEqual(ok(false));

    const taken = await subject().deliveries.takeFor(c, mailed.id, LATER);
    expect(taken.map((t) => [t.deliveryId.length > 0, t.channel, t.notification])).toEqual([[true, 'email', mailed], [true, 'push', mailed]]);
    expect(new Set(taken.map((t) => t.deliveryId)).size).toBe(2);
    expect(await subject().deliveries.takeFor(c, silent.id, LATER)).toEqual([]);
  });

  it('pages through the inbox exactly once, newest first, ties by id descending, and unread only when asked', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    // `B` sorts before `a` by code point, as ids sort in every store.
    const items = [made(c, 'u', `${p}-a`, minute(1)), made(c, 'u', `${p}-B`, minute(2)), made(c, 'u', `${p}-c`, minute(2)), made(c, 'u', `${p}-a2`, minute(2)), made(c, 'u', `${p}-d`, minute(3)), made(c, 'u', `${p}-e`, minute(0))];
    for (const [i, n] of items.entries()) await record(n, `evt-${i}`);
    await record(made(c, 'v', `${p}-x`, minute(2)), 'evt-v');
    await record(made(uniqueId(), 'u', `${p}-y`, minute(2)), 'evt-y');
    await write((tx) => tx.notifications.markRead(c, 'u', `${p}-c`, minute(4)));
    await write((tx) => tx.notifications.markRead(c, 'u', `${p}-e`, minute(4)));

    const expected = [`${p}-d`, `${p}-c`, `${p}-a2`, `${p}-B`, `${p}-a`, `${p}-e`];
    const list = await read(async (r) => r.notifications);
    for (const limit of [1, 2, 4, 100]) {
      expect(ids(await walkPages(limit, (cursor) => list.list(c, 'u', { limit, cursor, unreadOnly: false })))).toEqual(expected);
      expect(ids(await walkPages(limit, (cursor) => list.list(c, 'u', { limit, cursor, unreadOnly: true })))).toEqual([`${p}-d`, `${p}-a2`, `${p}-B`, `${p}-a`]);
    }
    const [first] = await inbox(c, 'u');
    expect(first).toEqual(items[4]);
    for (const cursor of malformedCursors()) {
      await expect(list.list(c, 'u', { limit: 2, cursor, unreadOnly: false }), cursor).rejects.toThrow(InvalidCursor);
    }
  });

  it('counts unread notifications, marks the user\'s own read keeping the first readAt, and marks all read', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const [n1, n2, n3] = [1, 2, 3].map((i) => made(c, 'u', `${p}-${i}`, minute(i)));
    for (const n of [n1!, n2!, n3!]) await record(n, n.id);
    const theirs = made(c, 'v', `${p}-v`, minute(1));
    await record(theirs, 'evt-v');
    const count = (userId = 'u') => read((r) => r.notifications.unreadCount(c, userId));
    expect(await count()).toBe(3);

    const marks = await subject().uow.run(async (tx) =>
      ok([
        await tx.notifications.markRead(c, 'u', n1!.id, minute(10)),
        await tx.notifications.markRead(c, 'u', n1!.id, minute(11)),
        await tx.notifications.markRead(c, 'u', theirs.id, minute(10)),
        await tx.notifications.markRead(c, 'v', n2!.id, minute(10)),
        await tx.notifications.markRead(uniqueId(), 'u', n2!.id, minute(10)),
        await tx.notifications.markRead(c, 'u', uniqueId(), minute(10)),
      ]),
    );
    expect(marks).toEqual(ok([true, true, false, false, false, false]));
    expect([await count(), await count('v')]).toEqual([2, 1]);

    await write((tx) => tx.notifications.markAllRead(c, 'u', minute(20)));
    expect(await inbox(c, 'u')).toEqual([{ ...n3!, readAt: minute(20) }, { ...n2!, readAt: minute(20) }, { ...n1!, readAt: minute(10) }]);
    expect([await count(), await count('v'), (await inbox(c, 'u', true)).length]).toEqual([0, 1, 0]);
  });

  it('gives what a socket missed: after a notification or an instant, oldest first, at most the limit', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const items = [made(c, 'u', `${p}-1`, minute(1)), made(c, 'u', `${p}-2a`, minute(2)), made(c, 'u', `${p}-2b`, minute(2)), made(c, 'u', `${p}-3`, minute(3)), made(c, 'u', `${p}-4`, minute(4))];
    for (const n of items) await record(n, n.id);
    const hidden = made(c, 'u', `${p}-mail`, minute(2));
    await record(hidden, 'mail-only', ['email']);
    const theirs = made(c, 'v', `${p}-v`, minute(1));
    await record(theirs, 'evt-v');
    await write((tx) => tx.notifications.markRead(c, 'u', `${p}-3`, minute(5)));
    const after = (since: { id: string } | { at: Date }, limit = 10) => read((r) => r.notifications.after(c, 'u', since, limit));

    expect(ids(await after({ id: `${p}-2a` }))).toEqual([`${p}-2b`, `${p}-3`, `${p}-4`]);
    expect(await after({ id: `${p}-1` }, 2)).toEqual([items[1], items[2]]);
    expect(ids(await after({ id: `${p}-4` }))).toEqual([]);
    expect(ids(await after({ at: minute(2) }))).toEqual([`${p}-3`, `${p}-4`]);
    expect(ids(await after({ at: minute(0) }, 3))).toEqual([`${p}-1`, `${p}-2a`, `${p}-2b`]);
    for (const foreign of [theirs.id, hidden.id, uniqueId()]) expect(await after({ id: foreign }), foreign).toEqual([]);
    expect(await read((r) => r.notifications.after(uniqueId(), 'u', { at: minute(0) }, 10))).toEqual([]);
  });

  it('keeps companies apart for the same user id', async () => {
    const [a, b, p] = [uniqueId(), uniqueId(), uniqueId()];
    const inA = made(a, 'u', `${p}-a`, minute(1));
    const inB = made(b, 'u', `${p}-b`, minute(1));
    expect([await record(inA, 'evt'), await record(inB, 'evt')]).toEqual([true, true]);
    expect([await inbox(a, 'u'), await inbox(b, 'u')]).toEqual([[inA], [inB]]);
    await write((tx) => tx.notifications.markAllRead(a, 'u', minute(2)));
    expect(await read(async (r) => [await r.notifications.unreadCount(a, 'u'), await r.notifications.unreadCount(b, 'u')])).toEqual([0, 1]);
    expect(await read((r) => r.notifications.after(b, 'u', { id: inA.id }, 10))).toEqual([]);
    expect(await subject().deliveries.takeFor(b, inA.id, LATER)).toEqual([]);
    expect((await subject().deliveries.takeFor(a, inA.id, LATER)).map((t) => t.notification.companyId)).toEqual([a, a]);
  });

  it('sets the preference pairs given and leaves the others as they are', async () => {
    const [c, d] = [uniqueId(), uniqueId()];
    const prefs = (companyId = c, userId = 'u') => read((r) => r.notificationPreferences.forUser(companyId, userId));
    expect(await prefs()).toEqual([]);
    await write((tx) =>
      tx.notificationPreferences.set(c, 'u', [
        { trigger: 'price_drop', channel: 'email', enabled: false },
        { trigger: 'order_status', channel: 'push', enabled: true },
        { trigger: 'order_status', channel: 'push', enabled: false },
      ]),
    );
    await write((tx) => tx.notificationPreferences.set(d, 'u', [{ trigger: 'campaign', channel: 'email', enabled: false }]));
    await write((tx) => tx.notificationPreferences.set(c, 'u', []));
    expect(await prefs()).toEqual([
      { trigger: 'order_status', channel: 'push', enabled: false },
      { trigger: 'price_drop', channel: 'email', enabled: false },
    ]);
    await write((tx) =>
      tx.notificationPreferences.set(c, 'u', [
        { trigger: 'price_drop', channel: 'email', enabled: true },
        { trigger: 'campaign', channel: 'inbox', enabled: false },
      ]),
    );
    expect(await prefs()).toEqual([
      { trigger: 'campaign', channel: 'inbox', enabled: false },
      { trigger: 'order_status', channel: 'push', enabled: false },
      { trigger: 'price_drop', channel: 'email', enabled: true },
    ]);
    expect([await prefs(c, 'v'), await prefs(d, 'u')]).toEqual([[], [{ trigger: 'campaign', channel: 'email', enabled: false }]]);
  });

  it('takes the pending deliveries of one notification once', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const n1 = made(c, 'u', `${p}-1`, minute(1));
    const n2 = made(c, 'u', `${p}-2`, minute(1));
    await record(n1, 'evt-1');
    await record(n2, 'evt-2', ['inbox', 'email']);
    const deliveries = subject().deliveries;

    const taken = await deliveries.takeFor(c, n1.id, LATER);
    expect(taken.map((t) => [t.channel, t.notification])).toEqual([['email', n1], ['push', n1]]);
    expect(await deliveries.takeFor(c, n1.id, LATER)).toEqual([]);
    expect(await deliveries.takeFor(uniqueId(), n2.id, LATER)).toEqual([]);
    expect(channelsOf(await deliveries.takeFor(c, n2.id, LATER))).toEqual(['email']);
    expect(await deliveries.takeFor(c, uniqueId(), LATER)).toEqual([]);
  });

  it('sweeps pending deliveries recorded before an instant, oldest first, and concurrent sweeps never take one twice', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const recordedAt = (i: number) => new Date(Date.UTC(2001, 0, 1, 0, i));
    for (let i = 0; i < 12; i += 1) await record(made(c, 'u', `${p}-${String(i).padStart(2, '0')}`, recordedAt(i)), `evt-${i}`, ['email']);
    // At or after the cutoff: left for a later sweep.
    await record(made(c, 'u', `${p}-late`, new Date(Date.UTC(2001, 1, 1))), 'evt-late', ['email']);
    const cutoff = new Date(Date.UTC(2001, 1, 1));
    const deliveries = subject().deliveries;

    const oldest = await deliveries.takePending(cutoff, 3, LATER);
    expect(oldest.map((t) => t.notification.id)).toEqual([`${p}-00`, `${p}-01`, `${p}-02`]);
    const concurrent = await Promise.all(Array.from({ length: 4 }, () => deliveries.takePending(cutoff, 3, LATER)));
    const rest = await deliveries.takePending(cutoff, 100, LATER);
    const all = [...oldest, ...concurrent.flat(), ...rest].map((t) => t.deliveryId);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(12);
    expect(await deliveries.takePending(cutoff, 100, LATER)).toEqual([]);
    expect(channelsOf(await deliveries.takeFor(c, `${p}-late`, LATER))).toEqual(['email']);
  });

  it('finishes taken deliveries, and fails the ones taken before a cutoff and never finished', async () => {
    const [c, p] = [uniqueId(), uniqueId()];
    const day = (hour: number) => new Date(Date.UTC(2002, 0, 1, hour));
    const n = [1, 2, 3, 4].map((i) => made(c, 'u', `${p}-${i}`, day(0)));
    for (const x of n) await record(x, x.id, ['email']);
    const deliveries = subject().deliveries;
    const [d1] = await deliveries.takeFor(c, n[0]!.id, day(1));
    const [d2] = await deliveries.takeFor(c, n[1]!.id, day(2));
    const [d3] = await deliveries.takeFor(c, n[2]!.id, day(3));
    await deliveries.finish(d1!.deliveryId, 'sent', day(4));

    expect(await deliveries.abandonStale(new Date(Date.UTC(2002, 0, 1, 2, 30)), day(5))).toBe(1);
    expect(await deliveries.abandonStale(new Date(Date.UTC(2002, 0, 1, 2, 30)), day(5))).toBe(0);
    await deliveries.finish(d3!.deliveryId, 'failed', day(5));
    expect(await deliveries.abandonStale(day(6), day(6))).toBe(0);
    // None of them is pending again, however they ended.
    for (const d of [d1, d2, d3]) expect(await deliveries.takeFor(c, d!.notification.id, day(7))).toEqual([]);

    const [d4] = await deliveries.takeFor(c, n[3]!.id, day(7));
    expect(d4?.notification).toEqual(n[3]);
    await deliveries.finish(d4!.deliveryId, 'sent', day(7));
    expect(await deliveries.abandonStale(day(8), day(8))).toBe(0);
  });
}
