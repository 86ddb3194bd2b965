// Contract of the price-history port: append-only points, read back oldest first in keyset
// pages, per company.
import { expect, it } from 'vitest';
import type { TimeRange } from '../../application/ports/price-history-repository';
import type { Transaction } from '../../application/ports/unit-of-work';
import type { PricePoint } from '../../domain/catalog/price-point';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors, walkPages } from '../support/keyset-pages';
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
  const prices = () => store().uow.read(async (r) => r.prices);

  it('keeps points oldest first, per product and company, within an inclusive range', async () => {
    const companyId = uniqueId();
    const point = (productId: string, day: number, cents: number): PricePoint => ({ id: uniqueId(), companyId, productId, price: eur(cents), at: at(day) });
    const [p3, p1, p2, q1] = [point('p', 3, 300), point('p', 1, 100), point('p', 2, 200), point('q', 2, 999)];
    await write(store, async (tx) => {
      await tx.prices.add(p3!, p1!);
      await tx.prices.add(p2!, q1!);
      await tx.prices.add();
    });
    const r = await prices();
    const all = async (c: string, productId: string, range: TimeRange = {}) => {
      const page = await r.forProduct(c, productId, range, { limit: 10 });
      expect(page.nextCursor).toBeNull();
      return page.items;
    };
    expect(await all(companyId, 'p')).toEqual([p1, p2, p3]);
    expect(await all(companyId, 'p', { from: at(2), to: at(2) })).toEqual([p2]);
    expect(await all(companyId, 'p', { from: at(2) })).toEqual([p2, p3]);
    expect(await all(companyId, 'p', { to: at(2) })).toEqual([p1, p2]);
    expect(await all(companyId, 'p', { from: at(3, 1) })).toEqual([]);
    expect(await all(uniqueId(), 'p')).toEqual([]);
    expect(await all(companyId, 'missing')).toEqual([]);
  });

  it('pages through the points of a range exactly once, oldest first, ties by id', async () => {
    const companyId = uniqueId();
    const point = (day: number, minute: number): PricePoint => ({ id: uniqueId(), companyId, productId: 'p', price: eur(day * 100 + minute), at: at(day, minute) });
    const points = [point(1, 0), point(2, 0), point(2, 0), point(2, 0), point(3, 5), point(4, 0), point(4, 0)];
    await write(store, (tx) => tx.prices.add(...points, { ...point(2, 0), productId: 'q' }));
    const byTime = (range: TimeRange) =>
      points
        .filter((p) => (!range.from || p.at >= range.from) && (!range.to || p.at <= range.to))
        .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
    const r = await prices();
    for (const range of [{}, { from: at(2) }, { from: at(2), to: at(3, 5) }]) {
      for (const limit of [1, 2, 3, 100]) {
        expect(await walkPages(limit, (cursor) => r.forProduct(companyId, 'p', range, { limit, cursor }))).toEqual(byTime(range));
      }
    }
  });

  it('refuses cursors not of this list', async () => {
    const r = await prices();
    for (const cursor of malformedCursors()) {
      await expect(r.forProduct(uniqueId(), 'p', {}, { limit: 2, cursor }), cursor).rejects.toThrow(InvalidCursor);
    }
  });

  it('lists every product of the company since a moment, oldest first', async () => {
    const companyId = uniqueId();
    const point = (productId: string, day: number, cents: number): PricePoint => ({ id: uniqueId(), companyId, productId, price: eur(cents), at: at(day) });
    const points = [point('a', 1, 100), point('b', 2, 200), point('a', 3, 300), point('b', 4, 400)];
    await write(store, (tx) => tx.prices.add(...points, { ...point('a', 5, 1), companyId: uniqueId() }));
    const r = await prices();
    expect(await r.since(companyId, at(2))).toEqual(points.slice(1));
    expect(await r.since(companyId, at(5))).toEqual([]);
    expect(await r.since(uniqueId(), at(1))).toEqual([]);
  });

  it('finds the price in force just before a moment, per product', async () => {
    const companyId = uniqueId();
    const point = (productId: string, day: number, cents: number): PricePoint => ({ id: uniqueId(), companyId, productId, price: eur(cents), at: at(day) });
    const [a1, a2, a3, b1, c5] = [point('a', 1, 100), point('a', 2, 200), point('a', 3, 300), point('b', 1, 50), point('c', 5, 500)];
    await write(store, (tx) => tx.prices.add(a3!, a1!, a2!, b1!, c5!, { ...point('b', 2, 9), companyId: uniqueId() }));
    const r = await prices();
    const found = await r.lastBefore(companyId, ['a', 'b', 'c', 'missing'], at(3));
    expect([...found].sort((x, y) => x.productId.localeCompare(y.productId))).toEqual([a2, b1]);
    // Strictly before: a point at the moment itself is not "before" it.
    expect(await r.lastBefore(companyId, ['a'], at(2))).toEqual([a1]);
    expect(await r.lastBefore(companyId, [], at(9))).toEqual([]);
    expect(await r.lastBefore(uniqueId(), ['a'], at(9))).toEqual([]);
  });
}
