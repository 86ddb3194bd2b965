// Contract of the price-history port.
import { expect, it } from 'vitest';
import type { Transaction } from '../../application/ports/unit-of-work';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 0, day, 0, minute));
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

function write(store: StoreGetter, work: (tx: Transaction) => Promise<unknown>) {
  return store().uow.run(async (tx) => {
    await work(tx);
    return ok(undefined);
  });
}

export function priceHistoryRepositoryContract(store: StoreGetter): void {
  it('keeps points oldest first, per product and company, within a range', async () => {
    const companyId = uniqueId();
    const point = (productId: string, day: number, cents: number) => ({ id: uniqueId(), companyId, productId, price: eur(cents), at: at(day) });
    const [p3, p1, p2, q1] = [point('p', 3, 300), point('p', 1, 100), point('p', 2, 200), point('q', 2, 999)];
    await write(store, async (tx) => {
      await tx.prices.add(p3!, p1!);
      await tx.prices.add(p2!, q1!);
    });
    const prices = await store().uow.read(async (r) => r.prices);
    expect(await prices.forProduct(companyId, 'p')).toEqual([p1, p2, p3]);
    expect(await prices.forProduct(companyId, 'p', at(2), at(2))).toEqual([p2]);
    expect(await prices.forProduct(companyId, 'p', at(2))).toEqual([p2, p3]);
    expect(await prices.forProduct(uniqueId(), 'p')).toEqual([]);
    expect((await prices.since(companyId, at(2))).map((p) => p.price.amountCents)).toEqual(expect.arrayContaining([200, 999, 300]));
    expect(await prices.since(companyId, at(2))).toHaveLength(3);
  });
}
