// PasswordResetRepository: grants by hash, used at most once even under concurrent confirmations.
import { expect, it } from 'vitest';
import type { PasswordReset } from '../../domain/identity/password-reset';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function passwordResetRepositoryContract(store: StoreGetter): void {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute, 0, 500));
  const grant = (): PasswordReset => ({
    id: uniqueId(), companyId: uniqueId(), userId: uniqueId(), tokenHash: uniqueId(), expiresAt: at(30), usedAt: null, createdAt: at(0),
  });
  const save = (g: PasswordReset) => store().uow.run(async (tx) => ok(await tx.passwordResets.save(g)));
  const read = (g: PasswordReset) => store().uow.read((r) => r.passwordResets.byHash(g.tokenHash));
  const markUsed = (id: string, minute: number) => store().uow.run(async (tx) => ok(await tx.passwordResets.markUsed(id, at(minute))));

  it('finds a grant by its hash only', async () => {
    const g = grant();
    await save(g);
    expect(await read(g)).toEqual(g);
    expect(await store().uow.read((r) => r.passwordResets.byHash(uniqueId()))).toBeNull();
  });

  it('marks a grant used once; again, or a missing one, says false', async () => {
    const g = grant();
    await save(g);
    expect(await markUsed(g.id, 1)).toEqual(ok(true));
    expect(await markUsed(g.id, 2)).toEqual(ok(false));
    expect(await markUsed(uniqueId(), 3)).toEqual(ok(false));
    expect(await read(g)).toEqual({ ...g, usedAt: at(1) });
  });

  it('lets exactly one of two concurrent confirmations use a grant', async () => {
    const g = grant();
    await save(g);
    const slowUse = () =>
      store().uow.run(async (tx) => {
        const used = await tx.passwordResets.markUsed(g.id, at(1));
        await new Promise((resolve) => setTimeout(resolve, 50));
        return ok(used);
      });
    const results = await Promise.all([slowUse(), slowUse()]);
    expect(results.map((r) => r.ok && r.value).sort()).toEqual([false, true]);
  });

  it('forgets a use rolled back with its transaction', async () => {
    const g = grant();
    await save(g);
    await store().uow.run(async (tx) => {
      await tx.passwordResets.markUsed(g.id, at(1));
      return { ok: false as const, error: 'password update failed' };
    });
    expect((await read(g))?.usedAt).toBeNull();
  });
}
