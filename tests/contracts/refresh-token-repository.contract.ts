// RefreshTokenRepository: lookup by hash, one-time spending (even under concurrent
// rotations), and revocation by family or by user.
import { expect, it } from 'vitest';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function refreshTokenRepositoryContract(store: StoreGetter): void {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute, 0, 250));
  const token = (extra: Partial<RefreshToken> = {}): RefreshToken => ({
    id: uniqueId(), companyId: uniqueId(), userId: uniqueId(), familyId: uniqueId(), tokenHash: uniqueId(),
    expiresAt: at(60), spentAt: null, revokedAt: null, createdAt: at(0), ...extra,
  });
  const save = (...tokens: RefreshToken[]) =>
    store().uow.run(async (tx) => {
      for (const t of tokens) await tx.refreshTokens.save(t);
      return ok(undefined);
    });
  const read = (t: RefreshToken) => store().uow.read((r) => r.refreshTokens.byHash(t.tokenHash));

  it('finds a token by its hash only', async () => {
    const t = token();
    await save(t);
    expect(await read(t)).toEqual(t);
    expect(await store().uow.read((r) => r.refreshTokens.byHash(uniqueId()))).toBeNull();
  });

  it('spends a token once; spending it again, or a missing one, says false', async () => {
    const t = token();
    await save(t);
    const spend = (id: string, minute: number) => store().uow.run(async (tx) => ok(await tx.refreshTokens.spend(id, at(minute))));
    expect(await spend(t.id, 1)).toEqual(ok(true));
    expect(await spend(t.id, 2)).toEqual(ok(false));
    expect(await spend(uniqueId(), 3)).toEqual(ok(false));
    expect((await read(t))?.spentAt).toEqual(at(1));
  });

  it('lets exactly one of two concurrent rotations spend a token', async () => {
    const t = token();
    await save(t);
    const slowSpend = () =>
      store().uow.run(async (tx) => {
        const spent = await tx.refreshTokens.spend(t.id, at(1));
        await new Promise((resolve) => setTimeout(resolve, 50));
        return ok(spent);
      });
    const results = await Promise.all([slowSpend(), slowSpend()]);
    expect(results.map((r) => r.ok && r.value).sort()).toEqual([false, true]);
  });

  it('revokes a whole family and leaves other families alone; repeating keeps the first time', async () => {
    const family = uniqueId();
    const userId = uniqueId();
    const companyId = uniqueId();
    const [a, b, other] = [token({ familyId: family, userId, companyId }), token({ familyId: family, userId, companyId, spentAt: at(3) }), token({ userId, companyId })];
    await save(a, b, other);
    await store().uow.run(async (tx) => ok(await tx.refreshTokens.revokeFamily(family, at(5))));
    await store().uow.run(async (tx) => ok(await tx.refreshTokens.revokeFamily(family, at(6))));
    expect([(await read(a))?.revokedAt, (await read(b))?.revokedAt, (await read(other))?.revokedAt]).toEqual([at(5), at(5), null]);
    expect((await read(b))?.spentAt).toEqual(at(3));
  });

  it('revokes every token of one user of one company', async () => {
    const userId = uniqueId();
    const companyId = uniqueId();
    const mine = [token({ userId, companyId }), token({ userId, companyId })];
    const sameIdElsewhere = token({ userId });
    const someoneElse = token({ companyId });
    await save(...mine, sameIdElsewhere, someoneElse);
    await store().uow.run(async (tx) => ok(await tx.refreshTokens.revokeAllOfUser(companyId, userId, at(7))));
    for (const t of mine) expect((await read(t))?.revokedAt).toEqual(at(7));
    expect((await read(sameIdElsewhere))?.revokedAt).toBeNull();
    expect((await read(someoneElse))?.revokedAt).toBeNull();
  });
}
