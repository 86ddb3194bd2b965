// ProcessedEventRepository: the consumers' inbox. A claim lives and dies with the
// transaction of the side effect it guards.
import { expect, it } from 'vitest';
import { err, ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function processedEventRepositoryContract(store: StoreGetter): void {
  const at = new Date('2026-01-03T00:00:00Z');
  const claim = (consumer: string, eventId: string) => store().uow.run(async (tx) => ok(await tx.inbox.claim(consumer, eventId, at)));

  it('claims an event once per consumer', async () => {
    const [eventId, consumer] = [uniqueId(), `c-${uniqueId()}`];
    expect(await claim(consumer, eventId)).toEqual(ok(true));
    expect(await claim(consumer, eventId)).toEqual(ok(false));
    expect(await claim(`other-${consumer}`, eventId)).toEqual(ok(true));
    expect(await claim(consumer, uniqueId())).toEqual(ok(true));
  });

  it('forgets a claim rolled back with its transaction', async () => {
    const [eventId, consumer] = [uniqueId(), `c-${uniqueId()}`];
    const failed = await store().uow.run(async (tx) => {
      expect(await tx.inbox.claim(consumer, eventId, at)).toBe(true);
      return err('side effect failed');
    });
    expect(failed).toEqual(err('side effect failed'));
    await expect(
      store().uow.run(async (tx) => {
        await tx.inbox.claim(consumer, eventId, at);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await claim(consumer, eventId)).toEqual(ok(true));
  });

  it('lets exactly one of two concurrent claims of a pair win, and both transactions commit', async () => {
    const [eventId, consumer] = [uniqueId(), `c-${uniqueId()}`];
    const slowClaim = () =>
      store().uow.run(async (tx) => {
        const claimed = await tx.inbox.claim(consumer, eventId, at);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return ok(claimed);
      });
    const results = await Promise.all([slowClaim(), slowClaim()]);
    expect(results.map((r) => r.ok && r.value).sort()).toEqual([false, true]);
  });
}
