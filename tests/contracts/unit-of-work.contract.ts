import { expect, it } from 'vitest';
import { domainEvent } from '../../domain/shared/domain-event';
import { err, ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function unitOfWorkContract(store: StoreGetter): void {
  const category = (companyId: string) => ({
    id: uniqueId(),
    companyId,
    name: `c-${uniqueId()}`,
    parentId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
  const event = (companyId: string) =>
    domainEvent('CategoryTouched', companyId, { n: 1 }, { id: uniqueId(), occurredAt: new Date('2026-01-02T00:00:00Z') });

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
    const pending = await store().outbox.pending(10_000);
    expect(pending.map((p) => p.event)).toContainEqual(e);
  });

  it('rolls back the change and its event when the work returns an error', async () => {
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
    expect((await store().outbox.pending(10_000)).map((p) => p.event.id)).not.toContain(e.id);
  });

  it('rolls back and rethrows when the work throws', async () => {
    const company = uniqueId();
    const c = category(company);
    await expect(
      store().uow.run(async (tx) => {
        await tx.categories.save(c);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store().uow.read((r) => r.categories.byId(company, c.id))).toBeNull();
  });

  it('keeps events pending until marked published, in write order, and reports lag', async () => {
    const company = uniqueId();
    const events = [event(company), event(company), event(company)];
    await store().uow.run(async (tx) => {
      await tx.outbox.add(...events);
      return ok(undefined);
    });
    const ids = (await store().outbox.pending(10_000)).map((p) => p.event.id);
    const mine = ids.filter((id) => events.some((e) => e.id === id));
    expect(mine).toEqual(events.map((e) => e.id));
    const lag = await store().outbox.lag();
    expect(lag.pending).toBeGreaterThanOrEqual(3);
    expect(lag.oldestOccurredAt).not.toBeNull();
    await store().outbox.markPublished(ids, new Date());
    await store().outbox.markPublished(ids, new Date());
    expect(await store().outbox.pending(10_000)).toEqual([]);
    expect((await store().outbox.lag()).pending).toBe(0);
  });
}
