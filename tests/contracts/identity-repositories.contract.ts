// Contracts of the identity ports: companies, users, refresh tokens, password resets, API keys.
import { expect, it } from 'vitest';
import type { Transaction } from '../../application/ports/unit-of-work';
import type { ApiKey } from '../../domain/identity/api-key';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import type { User } from '../../domain/identity/user';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId, uniqueSlug } from '../support/unique';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function write(store: StoreGetter, work: (tx: Transaction) => Promise<unknown>) {
  return store().uow.run(async (tx) => {
    await work(tx);
    return ok(undefined);
  });
}

export function companyRepositoryContract(store: StoreGetter): void {
  it('finds companies by id and slug, and updates in place', async () => {
    const company = { id: uniqueId(), name: 'Acme', slug: uniqueSlug(), createdAt: at(0) };
    await write(store, (tx) => tx.companies.save(company));
    await write(store, (tx) => tx.companies.save({ ...company, name: 'Acme 2' }));
    const repos = await store().uow.read(async (r) => r);
    expect(await repos.companies.byId(company.id)).toEqual({ ...company, name: 'Acme 2' });
    expect(await repos.companies.bySlug(company.slug)).toEqual({ ...company, name: 'Acme 2' });
    expect(await repos.companies.bySlug('missing-slug')).toBeNull();
    expect(await repos.companies.byId(uniqueId())).toBeNull();
  });
}

export function userRepositoryContract(store: StoreGetter): void {
  const user = (companyId: string, n: number, extra: Partial<User> = {}): User => ({
    id: uniqueId(), companyId, email: `u${n}@x.test`, displayName: `U${n}`, role: 'customer',
    passwordHash: 'scrypt$hash', createdAt: at(n), updatedAt: at(n), ...extra,
  });

  it('finds users by id and email within their company only', async () => {
    const companyId = uniqueId();
    const u = user(companyId, 1);
    await write(store, (tx) => tx.users.save(u));
    const users = await store().uow.read(async (r) => r.users);
    expect(await users.byId(companyId, u.id)).toEqual(u);
    expect(await users.byEmail(companyId, u.email)).toEqual(u);
    expect(await users.byId(uniqueId(), u.id)).toBeNull();
    expect(await users.byEmail(uniqueId(), u.email)).toBeNull();
  });

  it('lists oldest first with role filter and paging, counts roles, removes', async () => {
    const companyId = uniqueId();
    const all = [user(companyId, 3), user(companyId, 1, { role: 'owner' }), user(companyId, 2), user(companyId, 4, { role: 'owner' })];
    await write(store, async (tx) => {
      for (const u of all) await tx.users.save(u);
    });
    const users = await store().uow.read(async (r) => r.users);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await users.list(companyId, { limit: 3, cursor });
      seen.push(...page.items.map((u) => u.displayName));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['U1', 'U2', 'U3', 'U4']);
    expect((await users.list(companyId, { limit: 10 }, 'owner')).items.map((u) => u.displayName)).toEqual(['U1', 'U4']);
    expect(await users.countWithRole(companyId, 'owner')).toBe(2);
    await write(store, (tx) => tx.users.remove(companyId, all[0]?.id ?? ''));
    expect(await users.countWithRole(companyId, 'customer')).toBe(1);
  });
}

export function refreshTokenRepositoryContract(store: StoreGetter): void {
  const token = (userId: string, familyId: string, companyId = 'c1'): RefreshToken => ({
    id: uniqueId(), companyId, userId, familyId, tokenHash: uniqueId(), expiresAt: at(60), spentAt: null, revokedAt: null, createdAt: at(0),
  });

  it('finds by hash and spends a token only once', async () => {
    const t = token(uniqueId(), uniqueId());
    await write(store, (tx) => tx.refreshTokens.save(t));
    expect(await store().uow.read((r) => r.refreshTokens.byHash(t.tokenHash))).toEqual(t);
    const first = await store().uow.run(async (tx) => ok(await tx.refreshTokens.spend(t.id, at(1))));
    const second = await store().uow.run(async (tx) => ok(await tx.refreshTokens.spend(t.id, at(2))));
    expect([first, second]).toEqual([ok(true), ok(false)]);
    expect((await store().uow.read((r) => r.refreshTokens.byHash(t.tokenHash)))?.spentAt).toEqual(at(1));
  });

  it('revokes a family, or every token of a user, leaving others alone', async () => {
    const user = uniqueId();
    const family = uniqueId();
    const [a, b, c, other] = [token(user, family), token(user, family), token(user, uniqueId()), token(uniqueId(), uniqueId())];
    await write(store, async (tx) => {
      for (const t of [a, b, c, other]) await tx.refreshTokens.save(t!);
    });
    await write(store, (tx) => tx.refreshTokens.revokeFamily(family, at(5)));
    const read = (t: RefreshToken) => store().uow.read((r) => r.refreshTokens.byHash(t.tokenHash));
    expect([(await read(a!))?.revokedAt, (await read(b!))?.revokedAt, (await read(c!))?.revokedAt]).toEqual([at(5), at(5), null]);
    await write(store, (tx) => tx.refreshTokens.revokeAllOfUser('c1', user, at(6)));
    expect([(await read(a!))?.revokedAt, (await read(c!))?.revokedAt, (await read(other!))?.revokedAt]).toEqual([at(5), at(6), null]);
  });
}

export function passwordResetRepositoryContract(store: StoreGetter): void {
  it('finds a grant by hash and records its use', async () => {
    const grant = { id: uniqueId(), companyId: 'c', userId: 'u', tokenHash: uniqueId(), expiresAt: at(30), usedAt: null, createdAt: at(0) };
    await write(store, (tx) => tx.passwordResets.save(grant));
    await write(store, (tx) => tx.passwordResets.save({ ...grant, usedAt: at(1) }));
    expect(await store().uow.read((r) => r.passwordResets.byHash(grant.tokenHash))).toEqual({ ...grant, usedAt: at(1) });
    expect(await store().uow.read((r) => r.passwordResets.byHash('missing'))).toBeNull();
  });
}

export function apiKeyRepositoryContract(store: StoreGetter): void {
  const key = (companyId: string, minute: number): ApiKey => ({
    id: uniqueId(), companyId, name: `k${minute}`, prefix: 'cgk_ab', secretHash: uniqueId(), createdBy: 'u', createdAt: at(minute), revokedAt: null,
  });

  it('finds keys by id within the company and by secret hash, lists newest first', async () => {
    const companyId = uniqueId();
    const [older, newer] = [key(companyId, 1), key(companyId, 2)];
    await write(store, async (tx) => {
      await tx.apiKeys.save(older);
      await tx.apiKeys.save(newer);
      await tx.apiKeys.save({ ...older, revokedAt: at(3) });
    });
    const keys = await store().uow.read(async (r) => r.apiKeys);
    expect(await keys.byId(companyId, older.id)).toEqual({ ...older, revokedAt: at(3) });
    expect(await keys.byId(uniqueId(), older.id)).toBeNull();
    expect((await keys.bySecretHash(newer.secretHash))?.id).toBe(newer.id);
    expect((await keys.list(companyId)).map((k) => k.name)).toEqual(['k2', 'k1']);
  });
}
