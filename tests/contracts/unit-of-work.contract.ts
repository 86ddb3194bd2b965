// UnitOfWork and both sides of the outbox (SPEC §3.7). The store is shared by every case of
// a kind, so each case first publishes whatever earlier cases left claimable, and publishes
// its own events before it ends.
import { expect, it } from 'vitest';
import type { OutboxRecord } from '../../application/ports/outbox';
import { domainEvent, type DomainEvent } from '../../domain/shared/domain-event';
import { err, ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

const LONG_LEASE = 60_000;

export function unitOfWorkContract(store: StoreGetter): void {
  const category = (companyId: string) => ({
    id: uniqueId(),
    companyId,
    name: `c-${uniqueId()}`,
    parentId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
  const event = (companyId = uniqueId(), occurredAt = new Date('2026-01-02T00:00:00Z')) =>
    domainEvent('CategoryTouched', companyId, { n: 1 }, { id: uniqueId(), occurredAt });
  const commit = (...events: DomainEvent[]) =>
    store().uow.run(async (tx) => {
      await tx.outbox.add(...events);
      return ok(undefined);
    });
  /** Every claimable event, leased for `leaseMs`, in claim order. */
  const claimAll = async (leaseMs = LONG_LEASE): Promise<OutboxRecord[]> => {
    const claimed: OutboxRecord[] = [];
    for (;;) {
      const batch = await store().outbox.claim(100, leaseMs);
      if (batch.length === 0) return claimed;
      claimed.push(...batch);
    }
  };
  const publish = (records: readonly OutboxRecord[], at = new Date()) =>
    store().outbox.markPublished(records.map((r) => r.event.id), at);
  /** Publishes whatever earlier cases left claimable, so this case starts with an empty outbox. */
  const settle = async () => publish(await claimAll());
  const idsOf = (records: readonly OutboxRecord[]) => records.map((r) => r.event.id);
  const mine = (records: readonly OutboxRecord[], events: readonly DomainEvent[]) =>
    idsOf(records).filter((id) => events.some((e) => e.id === id));

  it('commits the change and its outbox event together when the work succeeds', async () => {
    const company = uniqueId();
    const c = category(company);
    const e = event(company);
    const result = await store().uow.run(async (tx) => {
      await tx.categories.save(c);
      await tx.outbox.add(e);
      return ok('done');
    });
    expect(result).toEqual(ok('done'));
    expect(await store().uow.read((r) => r.categories.byId(company, c.id))).toEqual(c);
    const claimed = await claimAll();
    expect(claimed).toContainEqual({ event: e, attempts: 0 });
    await publish(claimed);
  });

  it('relays an event whose payload has keys an object walker trips on, exactly as it was written', async () => {
    await settle();
    const company = uniqueId();
    // As a product's attributes reach a ProductUpserted payload: keys chosen by a user.
    const attributes = Object.fromEntries(['constructor', '__proto__', 'toString', '$in', 'a;b', "x' --"].map((key) => [key, key]));
    const e = domainEvent('ProductUpserted', company, { productId: uniqueId(), attributes }, { id: uniqueId(), occurredAt: new Date('2026-01-02T00:00:00Z') });
    expect(await commit(e)).toEqual(ok(undefined));
    const claimed = await claimAll();
    await publish(claimed);
    const relayed = claimed.find((r) => r.event.id === e.id)?.event.payload as { attributes: Record<string, string> } | undefined;
    // Own keys compared (toEqual would not see a `__proto__` key turned into a prototype); JSONB keeps no key order.
    expect(Object.entries(relayed?.attributes ?? {}).sort()).toEqual(Object.entries(attributes).sort());
  });

  it('rolls back the change and its event when the work returns an error: the event is never claimable', async () => {
    const company = uniqueId();
    const c = category(company);
    const e = event(company);
    const result = await store().uow.run(async (tx) => {
      await tx.categories.save(c);
      await tx.outbox.add(e);
      return err('nope');
    });
    expect(result).toEqual(err('nope'));
    expect(await store().uow.read((r) => r.categories.byId(company, c.id))).toBeNull();
    const claimed = await claimAll();
    expect(idsOf(claimed)).not.toContain(e.id);
    await publish(claimed);
  });

  it('rolls back and rethrows when the work throws', async () => {
    const company = uniqueId();
    const c = category(company);
    const e = event(company);
    await expect(
      store().uow.run(async (tx) => {
        await tx.categories.save(c);
        await tx.outbox.add(e);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store().uow.read((r) => r.categories.byId(company, c.id))).toBeNull();
    const claimed = await claimAll();
    expect(idsOf(claimed)).not.toContain(e.id);
    await publish(claimed);
  });

  it('hands events out in write order and reports lag, leased events included, until published', async () => {
    await settle();
    expect(await store().outbox.lag()).toEqual({ pending: 0, oldestOccurredAt: null });
    const oldest = new Date('2026-01-01T10:00:00Z');
    // Write order, not occurrence order, decides the order of publication.
    const [late, early, last] = [event(undefined, new Date('2026-01-03T00:00:00Z')), event(undefined, oldest), event()];
    await commit(late, early);
    await commit(last);
    expect(await store().outbox.lag()).toEqual({ pending: 3, oldestOccurredAt: oldest });
    const first = await store().outbox.claim(2, LONG_LEASE);
    const rest = await store().outbox.claim(2, LONG_LEASE);
    expect([idsOf(first), idsOf(rest)]).toEqual([[late.id, early.id], [last.id]]);
    expect(await store().outbox.lag()).toEqual({ pending: 3, oldestOccurredAt: oldest });
    await publish(first);
    expect(await store().outbox.lag()).toEqual({ pending: 1, oldestOccurredAt: new Date(last.occurredAt) });
    await publish(rest);
    expect(await store().outbox.lag()).toEqual({ pending: 0, oldestOccurredAt: null });
  });

  it('claims at most `limit` events, the oldest written first', async () => {
    await settle();
    const events = Array.from({ length: 12 }, () => event());
    await commit(...events);
    const first = await store().outbox.claim(3, LONG_LEASE);
    expect(idsOf(first)).toEqual(events.slice(0, 3).map((e) => e.id));
    const rest = await store().outbox.claim(100, LONG_LEASE);
    expect(idsOf(rest)).toEqual(events.slice(3).map((e) => e.id));
    await publish([...first, ...rest]);
  });

  it('gives concurrent claims disjoint batches that together cover every pending event', async () => {
    await settle();
    const events = Array.from({ length: 30 }, () => event());
    await commit(...events);
    const batches = await Promise.all([1, 2, 3, 4].map(() => store().outbox.claim(10, LONG_LEASE)));
    const ids = batches.flatMap(idsOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(events.map((e) => e.id).sort());
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(10);
      const order = idsOf(batch).map((id) => events.findIndex((e) => e.id === id));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    await publish(batches.flat());
  });

  it('keeps a leased event from other claims until its lease runs out', async () => {
    await settle();
    const e = event();
    await commit(e);
    const leased = await claimAll(300);
    expect(idsOf(leased)).toEqual([e.id]);
    expect(idsOf(await claimAll(300))).toEqual([]);
    await store().letTimePass(450);
    // A lease that ran out (a crashed relay) is not a failed attempt.
    const again = await claimAll();
    expect(again).toEqual([{ event: e, attempts: 0 }]);
    await publish(again);
  });

  it('makes released events claimable at once and counts the attempted releases', async () => {
    await settle();
    const e = event();
    await commit(e);
    expect(await claimAll()).toEqual([{ event: e, attempts: 0 }]);
    await store().outbox.release([e.id], true);
    expect(await claimAll()).toEqual([{ event: e, attempts: 1 }]);
    await store().outbox.release([e.id], false);
    expect(await claimAll()).toEqual([{ event: e, attempts: 1 }]);
    await store().outbox.release([e.id], true);
    const claimed = await claimAll();
    expect(claimed).toEqual([{ event: e, attempts: 2 }]);
    await publish(claimed);
    await store().outbox.release([e.id, uniqueId()], true);
    expect(idsOf(await claimAll())).not.toContain(e.id);
  });

  it('keeps the first publication time when marked twice, ignores unknown ids, and never hands published events out again', async () => {
    await settle();
    const [a, b] = [event(), event()];
    await commit(a, b);
    const claimed = await claimAll();
    expect(mine(claimed, [a, b])).toEqual([a.id, b.id]);
    await store().outbox.markPublished([a.id, uniqueId()], new Date('2002-01-01T00:00:00Z'));
    await store().outbox.markPublished([a.id], new Date('2003-01-01T00:00:00Z'));
    await store().outbox.release([b.id], true);
    const next = await claimAll();
    expect(idsOf(next)).toEqual([b.id]);
    await publish(next);
    // Only a's first publication time lies before the cutoff.
    expect(await store().outbox.prunePublished(new Date('2002-06-01T00:00:00Z'), 100)).toBe(1);
  });

  it('prunes only published events older than the cutoff, at most `limit` per call', async () => {
    await settle();
    const [old1, old2, recent, waiting] = [event(), event(), event(), event()];
    await commit(old1, old2, recent, waiting);
    const claimed = await claimAll();
    expect(mine(claimed, [old1, old2, recent, waiting])).toHaveLength(4);
    await store().outbox.markPublished([old1.id, old2.id], new Date('2001-01-01T00:00:00Z'));
    await store().outbox.markPublished([recent.id], new Date('2001-06-01T00:00:00Z'));
    await store().outbox.release([waiting.id], true);
    const cutoff = new Date('2001-03-01T00:00:00Z');
    expect(await store().outbox.prunePublished(cutoff, 1)).toBe(1);
    expect(await store().outbox.prunePublished(cutoff, 10)).toBe(1);
    expect(await store().outbox.prunePublished(cutoff, 10)).toBe(0);
    expect(await store().outbox.prunePublished(new Date('2001-12-31T00:00:00Z'), 10)).toBe(1);
    // Waiting events survive any cutoff.
    await store().outbox.prunePublished(new Date('2999-01-01T00:00:00Z'), 100_000);
    const left = await claimAll();
    expect(left).toEqual([{ event: waiting, attempts: 1 }]);
    await publish(left);
  });
}
