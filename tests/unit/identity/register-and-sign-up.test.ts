// RegisterCompany and SignUp: a tenant with its first owner, and customers joining it.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../domain/identity/user';
import { failure, identityWorld, PASSWORD, value } from './identity-fixture';

describe('RegisterCompany', () => {
  it('creates the company and its owner, signed in, and announces both', async () => {
    const world = identityWorld();
    const result = value(
      await world.uc.registerCompany.execute({
        name: '  Acme Shoes ', slug: 'acme-shoes', owner: { email: ' Boss@Acme.TEST ', password: PASSWORD, displayName: ' Boss ' },
      }),
    );
    expect(result.company).toMatchObject({ name: 'Acme Shoes', slug: 'acme-shoes', createdAt: world.clock.now() });
    expect(result.user).toMatchObject({ companyId: result.company.id, email: 'boss@acme.test', displayName: 'Boss', role: 'owner' });
    expect(result.user.passwordHash).not.toContain(PASSWORD);
    expect(await world.hasher.verify(PASSWORD, result.user.passwordHash)).toBe(true);
    expect(world.actorOf(result.tokens)).toEqual({ userId: result.user.id, companyId: result.company.id, role: 'owner' });
    expect(result.tokens.expiresIn).toBe(900);
    const events = await world.events();
    expect(events.map((e) => [e.type, e.companyId])).toEqual([
      ['CompanyCreated', result.company.id],
      ['UserRegistered', result.company.id],
    ]);
    expect(events[1]?.payload).toEqual({ userId: result.user.id, email: 'boss@acme.test', displayName: 'Boss', role: 'owner' });
  });

  it('refuses a taken slug and writes nothing', async () => {
    const world = identityWorld();
    await world.company('taken');
    const before = (await world.events()).length;
    const again = await world.uc.registerCompany.execute({
      name: 'Other', slug: 'taken', owner: { email: 'x@y.test', password: PASSWORD, displayName: 'X' },
    });
    failure(again, 'conflict');
    expect(await world.events()).toHaveLength(before);
    expect(world.store.table<User>('users').size).toBe(1);
  });

  it('names the offending field of invalid input', async () => {
    const world = identityWorld();
    const good = { name: 'Acme', slug: 'acme', owner: { email: 'a@acme.test', password: PASSWORD, displayName: 'A' } };
    const cases: [unknown, string][] = [
      [{ ...good, name: ' ' }, 'name'],
      [{ ...good, slug: 'Acme Shoes' }, 'slug'],
      [{ ...good, owner: { ...good.owner, email: 'nope' } }, 'owner.email'],
      [{ ...good, owner: { ...good.owner, password: 'short' } }, 'owner.password'],
      [{ ...good, owner: { ...good.owner, displayName: '' } }, 'owner.displayName'],
    ];
    for (const [input, path] of cases) {
      const error = failure(await world.uc.registerCompany.execute(input as typeof good), 'validation_failed');
      expect(error.details?.[0]?.path).toBe(path);
    }
    expect(await world.events()).toEqual([]);
  });
});

describe('SignUp', () => {
  it('adds a customer to the company named by slug, signed in, and announces them', async () => {
    const world = identityWorld();
    const shop = await world.company('corner-shop');
    const result = value(
      await world.uc.signUp.execute({ companySlug: ' Corner-Shop ', email: 'Ana@Mail.test', password: PASSWORD, displayName: 'Ana' }),
    );
    expect(result.user).toMatchObject({ companyId: shop.company.id, email: 'ana@mail.test', role: 'customer' });
    expect(world.actorOf(result.tokens)).toEqual({ userId: result.user.id, companyId: shop.company.id, role: 'customer' });
    expect((await world.events('UserRegistered')).at(-1)?.payload).toMatchObject({ userId: result.user.id, role: 'customer' });
  });

  it('answers not_found for an unknown company and conflict for a taken email of that company only', async () => {
    const world = identityWorld();
    const a = await world.company('shop-a');
    await world.company('shop-b');
    const input = { email: 'dup@mail.test', password: PASSWORD, displayName: 'Dup' };
    failure(await world.uc.signUp.execute({ ...input, companySlug: 'nowhere' }), 'not_found');
    value(await world.uc.signUp.execute({ ...input, companySlug: 'shop-a' }));
    failure(await world.uc.signUp.execute({ ...input, email: ' DUP@mail.test', companySlug: 'shop-a' }), 'conflict');
    const elsewhere = value(await world.uc.signUp.execute({ ...input, companySlug: 'shop-b' }));
    expect(elsewhere.user.companyId).not.toBe(a.company.id);
    failure(await world.uc.signUp.execute({ ...input, companySlug: 'shop-a', email: a.user.email }), 'conflict');
  });

  it('checks email, password and display name', async () => {
    const world = identityWorld();
    await world.company('shop');
    const good = { companySlug: 'shop', email: 'c@mail.test', password: PASSWORD, displayName: 'C' };
    for (const [input, path] of [
      [{ ...good, email: 'c@' }, 'email'],
      [{ ...good, password: 'x'.repeat(129) }, 'password'],
      [{ ...good, displayName: 'x'.repeat(101) }, 'displayName'],
    ] as const) {
      expect(failure(await world.uc.signUp.execute(input), 'validation_failed').details?.[0]?.path).toBe(path);
    }
  });
});
