// CreateApiKey, ListApiKeys, RevokeApiKey and AuthenticateApiKey: SDK keys shown once, kept hashed.
import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../../../domain/identity/api-key';
import { failure, identityWorld, value } from './identity-fixture';

const setUp = async () => {
  const world = identityWorld();
  const shop = await world.company('shop');
  const other = await world.company('other');
  const admin = await world.member(shop.owner, 'admin');
  const staff = await world.member(shop.owner, 'staff');
  return { world, shop, other, admin, staff };
};

describe('API keys', () => {
  it('shows the secret once and stores only its hash; the secret authenticates the company', async () => {
    const { world, shop, admin } = await setUp();
    const { key, secret } = value(await world.uc.createApiKey.execute({ actor: admin, name: ' Web SDK ' }));
    expect(secret).toMatch(/^cgk_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'Web SDK', prefix: secret.slice(0, 10), createdBy: admin.userId, revokedAt: null });
    expect(JSON.stringify([...world.store.table<ApiKey>('api_keys').values()])).not.toContain(secret);
    expect(value(await world.uc.authenticateApiKey.execute({ secret }))).toEqual({ companyId: shop.company.id, keyId: key.id });
    failure(await world.uc.authenticateApiKey.execute({ secret: `${secret}x` }), 'unauthenticated');
  });

  it('lists the company\'s keys newest first, revoked ones included', async () => {
    const { world, shop, other, admin } = await setUp();
    const first = value(await world.uc.createApiKey.execute({ actor: admin, name: 'first' })).key;
    world.clock.advance(1000);
    const second = value(await world.uc.createApiKey.execute({ actor: shop.owner, name: 'second' })).key;
    value(await world.uc.createApiKey.execute({ actor: other.owner, name: 'theirs' }));
    value(await world.uc.revokeApiKey.execute({ actor: admin, id: first.id }));
    const listed = value(await world.uc.listApiKeys.execute({ actor: admin, page: { limit: 10 } }));
    expect(listed.items.map((k) => [k.id, k.revokedAt !== null])).toEqual([[second.id, false], [first.id, true]]);
    expect(listed.nextCursor).toBeNull();
    const firstPage = value(await world.uc.listApiKeys.execute({ actor: admin, page: { limit: 1 } }));
    expect(firstPage.items.map((k) => k.id)).toEqual([second.id]);
    const lastPage = value(await world.uc.listApiKeys.execute({ actor: admin, page: { limit: 1, cursor: firstPage.nextCursor ?? undefined } }));
    expect([lastPage.items.map((k) => k.id), lastPage.nextCursor]).toEqual([[first.id], null]);
  });

  it('refuses a revoked key for good; revoking again changes nothing', async () => {
    const { world, admin } = await setUp();
    const { key, secret } = value(await world.uc.createApiKey.execute({ actor: admin, name: 'k' }));
    value(await world.uc.revokeApiKey.execute({ actor: admin, id: key.id }));
    const revokedAt = world.clock.now();
    world.clock.advance(5000);
    value(await world.uc.revokeApiKey.execute({ actor: admin, id: key.id }));
    expect(world.store.table<ApiKey>('api_keys').get(key.id)?.revokedAt).toEqual(revokedAt);
    failure(await world.uc.authenticateApiKey.execute({ secret }), 'unauthenticated');
  });

  it('is for admins and above, and hides other companies\' keys', async () => {
    const { world, other, admin, staff } = await setUp();
    const theirs = value(await world.uc.createApiKey.execute({ actor: other.owner, name: 'theirs' })).key;
    failure(await world.uc.createApiKey.execute({ actor: staff, name: 'x' }), 'forbidden');
    failure(await world.uc.listApiKeys.execute({ actor: staff, page: { limit: 10 } }), 'forbidden');
    failure(await world.uc.revokeApiKey.execute({ actor: staff, id: theirs.id }), 'forbidden');
    failure(await world.uc.revokeApiKey.execute({ actor: admin, id: theirs.id }), 'not_found');
    failure(await world.uc.createApiKey.execute({ actor: admin, name: '  ' }), 'validation_failed');
  });
});
