// ApiKeyRepository: keys per company, lookup by secret hash, newest first in keyset pages.
import { expect, it } from 'vitest';
import type { ApiKey } from '../../domain/identity/api-key';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors, walkPages } from '../support/keyset-pages';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function apiKeyRepositoryContract(store: StoreGetter): void {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute, 0, 750));
  const key = (companyId: string, minute: number, extra: Partial<ApiKey> = {}): ApiKey => ({
    id: uniqueId(), companyId, name: `key ${minute}`, prefix: 'cgk_abcdef', secretHash: uniqueId(), createdBy: uniqueId(),
    createdAt: at(minute), revokedAt: null, ...extra,
  });
  const save = (...keys: ApiKey[]) =>
    store().uow.run(async (tx) => {
      for (const k of keys) await tx.apiKeys.save(k);
      return ok(undefined);
    });
  const keys = () => store().uow.read(async (r) => r.apiKeys);

  it('finds a key by id within its company, and by secret hash', async () => {
    const companyId = uniqueId();
    const k = key(companyId, 1);
    await save(k);
    const repo = await keys();
    expect(await repo.byId(companyId, k.id)).toEqual(k);
    expect(await repo.byId(uniqueId(), k.id)).toBeNull();
    expect(await repo.byId(companyId, uniqueId())).toBeNull();
    expect(await repo.bySecretHash(k.secretHash)).toEqual(k);
    expect(await repo.bySecretHash(uniqueId())).toBeNull();
  });

  it('lists the company\'s keys newest first, revoked ones included', async () => {
    const companyId = uniqueId();
    const [old, mid, recent] = [key(companyId, 1), key(companyId, 2, { revokedAt: at(3) }), key(companyId, 4)];
    await save(mid, recent, old, key(uniqueId(), 5));
    expect(await (await keys()).list(companyId, { limit: 10 })).toEqual({ items: [recent, mid, old], nextCursor: null });
    expect(await (await keys()).list(uniqueId(), { limit: 10 })).toEqual({ items: [], nextCursor: null });
  });

  it('pages through every key exactly once, newest first, ties by id', async () => {
    const companyId = uniqueId();
    const all = [1, 1, 2, 3, 3, 3, 4].map((minute) => key(companyId, minute));
    await save(...all, key(uniqueId(), 2));
    const expected = [...all].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((k) => k.id);
    const repo = await keys();
    for (const limit of [1, 2, 3, 7, 100]) {
      expect((await walkPages(limit, (cursor) => repo.list(companyId, { limit, cursor }))).map((k) => k.id)).toEqual(expected);
    }
  });

  it('keeps its place when a listed key is revoked, and refuses cursors not of this list', async () => {
    const companyId = uniqueId();
    const [a, b, c] = [key(companyId, 3), key(companyId, 2), key(companyId, 1)];
    await save(a, b, c);
    const repo = await keys();
    const first = await repo.list(companyId, { limit: 2 });
    expect(first.items).toEqual([a, b]);
    await save({ ...b, revokedAt: at(5) });
    expect(await repo.list(companyId, { limit: 2, cursor: first.nextCursor ?? undefined })).toEqual({ items: [c], nextCursor: null });
    for (const cursor of malformedCursors()) await expect(repo.list(companyId, { limit: 2, cursor }), cursor).rejects.toThrow(InvalidCursor);
  });

  it('saves a revocation in place, still findable by its hash', async () => {
    const companyId = uniqueId();
    const k = key(companyId, 1);
    await save(k);
    await save({ ...k, revokedAt: at(9) });
    expect(await (await keys()).bySecretHash(k.secretHash)).toEqual({ ...k, revokedAt: at(9) });
    expect((await (await keys()).list(companyId, { limit: 10 })).items).toHaveLength(1);
  });
}
