// InterestRepository contract: replacing one source, exact round trips and isolation
// between companies, users and sources.
import { expect, it } from 'vitest';
import type { Interest } from '../../domain/interests/interest';
import type { Transaction } from '../../application/ports/unit-of-work';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function interestRepositoryIsolationContract(store: StoreGetter): void {
  const interest = (value: string, weight: number, source: Interest['source'] = 'explicit'): Interest => ({
    dimension: 'brand', value, weight, source, updatedAt: new Date('2026-02-03T04:05:06.789Z'),
  });
  const replace = (companyId: string, userId: string, source: Interest['source'], interests: Interest[]) =>
    store().uow.run(async (tx) => {
      await tx.interests.replace(companyId, userId, source, interests);
      return ok(undefined);
    });
  const read = (companyId: string, userId: string) => store().uow.read((r) => r.interests.forUser(companyId, userId));

  it('round-trips fractional weights, timestamps and the same value under both sources', async () => {
    const companyId = uniqueId();
    const explicit = interest('Fjord', 0.333);
    const inferred = interest('Fjord', 0.125, 'inferred');
    await replace(companyId, 'u', 'explicit', [explicit]);
    await replace(companyId, 'u', 'inferred', [inferred]);
    expect(await read(companyId, 'u')).toEqual([explicit, inferred]);
  });

  it('keeps companies and users apart even with the same user id', async () => {
    const [a, b] = [uniqueId(), uniqueId()];
    await replace(a, 'u', 'explicit', [interest('A', 1)]);
    await replace(b, 'u', 'explicit', [interest('B', 1)]);
    await replace(a, 'v', 'explicit', [interest('V', 1)]);
    await replace(a, 'u', 'explicit', []);
    expect(await read(a, 'u')).toEqual([]);
    expect((await read(b, 'u')).map((i) => i.value)).toEqual(['B']);
    expect((await read(a, 'v')).map((i) => i.value)).toEqual(['V']);
  });

  it('rolls a replacement back with its transaction', async () => {
    const companyId = uniqueId();
    await replace(companyId, 'u', 'explicit', [interest('Kept', 0.5)]);
    await store().uow.run(async (tx) => {
      await tx.interests.replace(companyId, 'u', 'explicit', [interest('Lost', 0.9)]);
      return { ok: false as const, error: 'abandoned' };
    });
    expect((await read(companyId, 'u')).map((i) => i.value)).toEqual(['Kept']);
  });

  it('makes a second lock of the same user wait, so concurrent read-modify-writes lose nothing', async () => {
    const companyId = uniqueId();
    const bump = () =>
      store().uow.run(async (tx) => {
        await tx.interests.lock(companyId, 'u');
        const current = (await tx.interests.forUser(companyId, 'u'))[0]?.weight ?? 0;
        await new Promise((r) => setTimeout(r, 30));
        await tx.interests.replace(companyId, 'u', 'inferred', [interest('Counter', current + 0.125, 'inferred')]);
        return ok(undefined);
      });
    await Promise.all([bump(), bump(), bump(), bump()]);
    expect((await read(companyId, 'u'))[0]?.weight).toBe(0.5);
  });
}

const atDay = (day: number, minute = 0) => new Date(Date.UTC(2026, 0, day, 0, minute));

function writeAll(store: StoreGetter, work: (tx: Transaction) => Promise<unknown>) {
  return store().uow.run(async (tx) => {
    await work(tx);
    return ok(undefined);
  });
}

export function interestRepositoryContract(store: StoreGetter): void {
  const interest = (dimension: string, value: string, weight: number, source: Interest['source'] = 'explicit'): Interest =>
    ({ dimension, value, weight, source, updatedAt: atDay(1) });

  it('replaces one source without touching the other, strongest first', async () => {
    const companyId = uniqueId();
    await writeAll(store, async (tx) => {
      await tx.interests.replace(companyId, 'u', 'explicit', [interest('color', 'red', 0.2), interest('brand', 'X', 0.9)]);
      await tx.interests.replace(companyId, 'u', 'inferred', [interest('category', 'Shoes', 0.5, 'inferred')]);
      await tx.interests.replace(companyId, 'other', 'explicit', [interest('color', 'blue', 1)]);
    });
    const read = () => store().uow.read((r) => r.interests.forUser(companyId, 'u'));
    expect((await read()).map((i) => [i.value, i.source])).toEqual([['X', 'explicit'], ['Shoes', 'inferred'], ['red', 'explicit']]);
    await writeAll(store, (tx) => tx.interests.replace(companyId, 'u', 'explicit', [interest('style', 'minimal', 0.1)]));
    expect((await read()).map((i) => i.value)).toEqual(['Shoes', 'minimal']);
    expect(await store().uow.read((r) => r.interests.forUser(uniqueId(), 'u'))).toEqual([]);
  });

  it('walks the company\'s users with interests in id order, each with all their interests', async () => {
    const companyId = uniqueId();
    await writeAll(store, async (tx) => {
      await tx.interests.replace(companyId, 'u2', 'explicit', [interest('brand', 'X', 0.4)]);
      await tx.interests.replace(companyId, 'u2', 'inferred', [interest('tag', 'wool', 0.8, 'inferred')]);
      await tx.interests.replace(companyId, 'u1', 'explicit', [interest('color', 'red', 1)]);
      await tx.interests.replace(companyId, 'u3', 'explicit', [interest('color', 'red', 1)]);
      await tx.interests.replace(companyId, 'u3', 'explicit', []);
      await tx.interests.replace(uniqueId(), 'u0', 'explicit', [interest('color', 'red', 1)]);
    });
    const scan = (after: string | null, limit: number) => store().uow.read((r) => r.interests.scanUsers(companyId, after, limit));
    const first = await scan(null, 1);
    expect(first.map((u) => [u.userId, u.interests.map((i) => i.value)])).toEqual([['u1', ['red']]]);
    const rest = await scan('u1', 10);
    expect(rest.map((u) => [u.userId, u.interests.map((i) => i.value)])).toEqual([['u2', ['wool', 'X']]]);
    expect(await scan('u2', 10)).toEqual([]);
  });
}
