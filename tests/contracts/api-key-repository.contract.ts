// ApiKeyRepository: keys per company, lookup by secret hash, newest first.
import { expect, it } from 'vitest';
import type { ApiKey } from '../../domain/identity/api-key';
import { ok } from '../../domain/shared/result';
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
    expect((await (await keys()).list(companyId)).map((k) => k.id)).toEqual([recent.id, mid.id, old.id]);
    expect(await (await keys()).list(uniqueId())).toEqual([]);
  });

  it('saves a revocation in place, still findable by its hash', async () => {
    const companyId = uniqueId();
    const k = key(companyId, 1);
    await save(k);
    await save({ ...k, revokedAt: at(9) });
    expect(await (await keys()).bySecretHash(k.secretHash)).toEqual({ ...k, revokedAt: at(9) });
    expect(await (await keys()).list(companyId)).toHaveLength(1);
  });
}
