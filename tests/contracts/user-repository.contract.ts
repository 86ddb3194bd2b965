// UserRepository: users per company, unique emails per company, keyset pages, and the
// owner count that guards "the last owner" under concurrent demotions.
import { expect, it } from 'vitest';
import type { Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import { InvalidCursor } from '../../domain/shared/page';
import { err, ok } from '../../domain/shared/result';
import { malformedCursors } from '../support/keyset-pages';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

export function userRepositoryContract(store: StoreGetter): void {
  const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n, 0, 123));
  const user = (companyId: string, n: number, extra: Partial<User> = {}): User => ({
    id: uniqueId(), companyId, email: `user${n}@x.test`, displayName: `User ${n}`, role: 'customer',
    passwordHash: 'scrypt$1024$8$1$salt$key', createdAt: minute(n), updatedAt: minute(n), ...extra,
  });
  const addAll = (...users: User[]) =>
    store().uow.run(async (tx) => {
      const added: boolean[] = [];
      for (const u of users) added.push(await tx.users.add(u));
      return ok(added);
    });
  const users = () => store().uow.read(async (r) => r.users);

  it('adds users and finds them by id and email within their company only', async () => {
    const companyId = uniqueId();
    const u = user(companyId, 1);
    expect(await addAll(u)).toEqual(ok([true]));
    const repo = await users();
    expect(await repo.byId(companyId, u.id)).toEqual(u);
    expect(await repo.byEmail(companyId, u.email)).toEqual(u);
    expect(await repo.byId(uniqueId(), u.id)).toBeNull();
    expect(await repo.byEmail(uniqueId(), u.email)).toBeNull();
    expect(await repo.byId(companyId, uniqueId())).toBeNull();
  });

  it('keeps emails unique per company, not across companies', async () => {
    const [a, b] = [uniqueId(), uniqueId()];
    const first = user(a, 1);
    expect(await addAll(first, user(a, 2, { email: first.email }), user(b, 3, { email: first.email }))).toEqual(ok([true, false, true]));
    expect((await (await users()).byEmail(a, first.email))?.id).toBe(first.id);
  });

  it('lets exactly one of two concurrent sign-ups with one email win', async () => {
    const companyId = uniqueId();
    const slowAdd = (u: User) =>
      store().uow.run(async (tx) => {
        const added = await tx.users.add(u);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return ok(added);
      });
    const results = await Promise.all([slowAdd(user(companyId, 1)), slowAdd(user(companyId, 1))]);
    expect(results.map((r) => r.ok && r.value).sort()).toEqual([false, true]);
  });

  it('lists oldest first, filters by role, and pages through everyone exactly once', async () => {
    const companyId = uniqueId();
    const all = [5, 1, 4, 2, 3].map((n) => user(companyId, n, { role: n % 2 ? 'customer' : 'staff' }));
    // Same instant, so the id breaks the tie.
    const twins = [user(companyId, 6), user(companyId, 6, { email: 'twin@x.test' })];
    await addAll(...all, ...twins, user(uniqueId(), 0));
    const repo = await users();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.list(companyId, { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = [...all].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime()).map((u) => u.id);
    expect(seen.slice(0, 5)).toEqual(expected);
    expect(new Set(seen.slice(5))).toEqual(new Set(twins.map((u) => u.id)));
    const staff = await repo.list(companyId, { limit: 10 }, 'staff');
    expect(staff.items.map((u) => u.displayName)).toEqual(['User 2', 'User 4']);
    expect(staff.nextCursor).toBeNull();
    for (const cursor of ['not-a-cursor', ...malformedCursors()]) await expect(repo.list(companyId, { limit: 10, cursor }), cursor).rejects.toThrow(InvalidCursor);
  });

  it('counts roles, saves changes in place and removes within the company only', async () => {
    const companyId = uniqueId();
    const [owner, other] = [user(companyId, 1, { role: 'owner' }), user(companyId, 2)];
    await addAll(owner, other);
    const count = async (role: Role) => (await users()).countWithRole(companyId, role);
    expect([await count('owner'), await count('customer'), await count('admin')]).toEqual([1, 1, 0]);
    await store().uow.run(async (tx) => ok(await tx.users.save({ ...other, role: 'owner', displayName: 'Promoted', updatedAt: minute(9) })));
    expect(await (await users()).byId(companyId, other.id)).toEqual({ ...other, role: 'owner', displayName: 'Promoted', updatedAt: minute(9) });
    expect(await count('owner')).toBe(2);
    await store().uow.run(async (tx) => ok(await tx.users.remove(uniqueId(), owner.id)));
    expect(await count('owner')).toBe(2);
    await store().uow.run(async (tx) => ok(await tx.users.remove(companyId, owner.id)));
    expect(await (await users()).byId(companyId, owner.id)).toBeNull();
    expect(await count('owner')).toBe(1);
  });

  it('never lets two concurrent demotions remove both of the last two owners', async () => {
    const companyId = uniqueId();
    const [a, b] = [user(companyId, 1, { role: 'owner' }), user(companyId, 2, { role: 'owner' })];
    await addAll(a, b);
    const demote = (target: User, delayBefore: number) =>
      new Promise((resolve) => setTimeout(resolve, delayBefore)).then(() =>
        store().uow.run(async (tx) => {
          if ((await tx.users.countWithRole(companyId, 'owner')) < 2) return err('last owner');
          await new Promise((resolve) => setTimeout(resolve, 80));
          await tx.users.save({ ...target, role: 'admin' });
          return ok('demoted');
        }),
      );
    const results = await Promise.all([demote(a, 0), demote(b, 20)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await (await users()).countWithRole(companyId, 'owner')).toBe(1);
  });
}
