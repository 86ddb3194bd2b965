// GetMe, ListUsers, GetUser, CreateUser, UpdateUser, DeleteUser: roles per company, nobody
// above their own, and always an owner left.
import { describe, expect, it } from 'vitest';
import type { RefreshToken } from '../../../domain/identity/refresh-token';
import { failure, identityWorld, PASSWORD, value } from './identity-fixture';

const setUp = async () => {
  const world = identityWorld();
  const shop = await world.company('shop');
  const other = await world.company('other');
  const admin = await world.member(shop.owner, 'admin');
  const staff = await world.member(shop.owner, 'staff');
  const customer = await world.member(shop.owner, 'customer');
  return { world, shop, other, admin, staff, customer };
};

describe('GetMe', () => {
  it('returns the caller, and refuses a token whose user is gone', async () => {
    const { world, shop, customer } = await setUp();
    expect(value(await world.uc.getMe.execute({ actor: customer }))).toMatchObject({ id: customer.userId, email: customer.email });
    value(await world.uc.deleteUser.execute({ actor: shop.owner, id: customer.userId }));
    failure(await world.uc.getMe.execute({ actor: customer }), 'unauthenticated');
  });
});

describe('ListUsers', () => {
  it('pages the company\'s users oldest first for staff and above, optionally by role', async () => {
    const { world, shop, staff, customer } = await setUp();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = value(await world.uc.listUsers.execute({ actor: staff, page: { limit: 2, cursor } }));
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(seen[0]).toBe(shop.user.id);
    const customers = value(await world.uc.listUsers.execute({ actor: shop.owner, page: { limit: 20 }, role: 'customer' }));
    expect(customers.items.map((u) => u.id)).toEqual([customer.userId]);
    failure(await world.uc.listUsers.execute({ actor: customer, page: { limit: 20 } }), 'forbidden');
  });
});

describe('GetUser', () => {
  it('lets staff read anyone of their company and everyone read themselves', async () => {
    const { world, staff, customer, admin, other } = await setUp();
    expect(value(await world.uc.getUser.execute({ actor: staff, id: customer.userId })).id).toBe(customer.userId);
    expect(value(await world.uc.getUser.execute({ actor: customer, id: customer.userId })).id).toBe(customer.userId);
    failure(await world.uc.getUser.execute({ actor: customer, id: admin.userId }), 'forbidden');
    failure(await world.uc.getUser.execute({ actor: staff, id: other.user.id }), 'not_found');
    failure(await world.uc.getUser.execute({ actor: staff, id: 'missing' }), 'not_found');
  });
});

describe('CreateUser', () => {
  it('lets admins add users up to their own role, and announces them', async () => {
    const { world, admin } = await setUp();
    const user = value(
      await world.uc.createUser.execute({ actor: admin, email: ' New@Shop.test', password: PASSWORD, displayName: 'New', role: 'admin' }),
    );
    expect(user).toMatchObject({ companyId: admin.companyId, email: 'new@shop.test', role: 'admin' });
    expect((await world.events('UserRegistered')).at(-1)?.payload).toMatchObject({ userId: user.id, role: 'admin' });
    value(await world.logIn('shop', 'new@shop.test'));
  });

  it('refuses roles above the creator\'s, non-admins, taken emails and invalid input', async () => {
    const { world, admin, staff, customer } = await setUp();
    const input = { email: 'x@shop.test', password: PASSWORD, displayName: 'X', role: 'customer' as const };
    failure(await world.uc.createUser.execute({ ...input, actor: admin, role: 'owner' }), 'forbidden');
    failure(await world.uc.createUser.execute({ ...input, actor: staff }), 'forbidden');
    failure(await world.uc.createUser.execute({ ...input, actor: admin, email: customer.email.toUpperCase() }), 'conflict');
    failure(await world.uc.createUser.execute({ ...input, actor: admin, password: 'short' }), 'validation_failed');
  });
});

describe('UpdateUser', () => {
  it('lets anyone change their own display name and password, which ends their sessions', async () => {
    const { world, customer } = await setUp();
    const session = value(await world.logIn('shop', customer.email)).tokens;
    world.clock.advance(1000);
    const updated = value(
      await world.uc.updateUser.execute({ actor: customer, id: customer.userId, displayName: ' Cleo ', password: 'my new password' }),
    );
    expect(updated).toMatchObject({ displayName: 'Cleo', role: 'customer', updatedAt: world.clock.now() });
    failure(await world.refresh(session.refreshToken), 'unauthenticated');
    value(await world.logIn('shop', customer.email, 'my new password'));
  });

  it('keeps a display-name change from touching sessions, and a no-op from touching anything', async () => {
    const { world, customer } = await setUp();
    const session = value(await world.logIn('shop', customer.email)).tokens;
    const before = value(await world.uc.getMe.execute({ actor: customer }));
    world.clock.advance(1000);
    expect(value(await world.uc.updateUser.execute({ actor: customer, id: customer.userId }))).toEqual(before);
    expect(value(await world.uc.updateUser.execute({ actor: customer, id: customer.userId, role: 'customer' }))).toEqual(before);
    value(await world.uc.updateUser.execute({ actor: customer, id: customer.userId, displayName: 'Renamed' }));
    value(await world.refresh(session.refreshToken));
  });

  it('lets admins change roles up to their own, never of someone above them', async () => {
    const { world, shop, admin, staff, customer } = await setUp();
    expect(value(await world.uc.updateUser.execute({ actor: admin, id: customer.userId, role: 'admin' })).role).toBe('admin');
    failure(await world.uc.updateUser.execute({ actor: admin, id: staff.userId, role: 'owner' }), 'forbidden');
    failure(await world.uc.updateUser.execute({ actor: admin, id: shop.user.id, displayName: 'Hacked' }), 'forbidden');
    failure(await world.uc.updateUser.execute({ actor: staff, id: staff.userId, role: 'admin' }), 'forbidden');
    failure(await world.uc.updateUser.execute({ actor: staff, id: customer.userId, displayName: 'X' }), 'forbidden');
    expect(value(await world.uc.updateUser.execute({ actor: admin, id: admin.userId, role: 'staff' })).role).toBe('staff');
  });

  it('never demotes the last owner, but does once another owner exists', async () => {
    const { world, shop } = await setUp();
    failure(await world.uc.updateUser.execute({ actor: shop.owner, id: shop.user.id, role: 'admin' }), 'conflict');
    await world.member(shop.owner, 'owner');
    expect(value(await world.uc.updateUser.execute({ actor: shop.owner, id: shop.user.id, role: 'admin' })).role).toBe('admin');
  });

  it('answers not_found for users of another company, and checks its input', async () => {
    const { world, shop, other, customer } = await setUp();
    failure(await world.uc.updateUser.execute({ actor: shop.owner, id: other.user.id, displayName: 'X' }), 'not_found');
    failure(await world.uc.updateUser.execute({ actor: shop.owner, id: customer.userId, displayName: '' }), 'validation_failed');
    failure(await world.uc.updateUser.execute({ actor: shop.owner, id: customer.userId, password: 'short' }), 'validation_failed');
  });
});

describe('DeleteUser', () => {
  it('removes a user and revokes their sessions', async () => {
    const { world, admin, customer } = await setUp();
    value(await world.logIn('shop', customer.email));
    value(await world.uc.deleteUser.execute({ actor: admin, id: customer.userId }));
    failure(await world.uc.getUser.execute({ actor: admin, id: customer.userId }), 'not_found');
    const tokens = [...world.store.table<RefreshToken>('refresh_tokens').values()].filter((t) => t.userId === customer.userId);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
    failure(await world.logIn('shop', customer.email), 'invalid_credentials');
  });

  it('is for admins, never against someone above them, and never the last owner', async () => {
    const { world, shop, other, admin, staff, customer } = await setUp();
    failure(await world.uc.deleteUser.execute({ actor: staff, id: customer.userId }), 'forbidden');
    failure(await world.uc.deleteUser.execute({ actor: admin, id: shop.user.id }), 'forbidden');
    failure(await world.uc.deleteUser.execute({ actor: admin, id: other.user.id }), 'not_found');
    failure(await world.uc.deleteUser.execute({ actor: shop.owner, id: shop.user.id }), 'conflict');
    const second = await world.member(shop.owner, 'owner');
    value(await world.uc.deleteUser.execute({ actor: second, id: shop.user.id }));
  });
});
