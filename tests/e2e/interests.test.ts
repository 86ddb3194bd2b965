import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCompany, type Member } from '../support/builders';
import { startShop } from '../support/shop';
import type { Call } from '../support/http-client';
import type { TestApp } from '../support/test-app';

describe('interests and watchlist over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let staff: Member;
  let alice: Member;
  let bob: Member;

  beforeAll(async () => {
    ({ app, call, staff, alice, bob } = await startShop());
  });
  afterAll(() => app.close());

  const put = (token: string, userId: string, interests: unknown) => call('PUT', `/api/v1/users/${userId}/interests`, { token, body: { interests } });

  it('replaces explicit interests and reads them back strongest first', async () => {
    const res = await put(alice.token, alice.id, [
      { dimension: ' Category ', value: 'Shoes', weight: 0.4 },
      { dimension: 'color', value: 'teal', weight: 0.9 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => [i.dimension, i.value, i.weight, i.source])).toEqual([
      ['color', 'teal', 0.9, 'explicit'],
      ['category', 'Shoes', 0.4, 'explicit'],
    ]);
    await put(alice.token, alice.id, [{ dimension: 'brand', value: 'Fjord', weight: 1 }]);
    const read = await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token });
    expect(read.body.items.map((i: any) => i.value)).toEqual(['Fjord']);
  });

  it('lets staff manage anyone, customers only themselves', async () => {
    expect((await put(staff.token, bob.id, [{ dimension: 'style', value: 'minimal', weight: 0.5 }])).status).toBe(200);
    expect((await call('GET', `/api/v1/users/${bob.id}/interests`, { token: staff.token })).body.items).toHaveLength(1);
    expect((await put(alice.token, bob.id, [])).status).toBe(403);
    expect((await call('GET', `/api/v1/users/${bob.id}/interests`, { token: alice.token })).status).toBe(403);
    expect((await call('GET', '/api/v1/users/ghost/interests', { token: staff.token })).status).toBe(404);
  });

  it('refuses out-of-range weights, repeats and unknown fields', async () => {
    const weight = await put(alice.token, alice.id, [{ dimension: 'color', value: 'red', weight: 1.5 }]);
    expect(weight.status).toBe(400);
    const repeated = await put(alice.token, alice.id, [
      { dimension: 'color', value: 'red', weight: 0.5 },
      { dimension: 'COLOR', value: 'Red', weight: 0.6 },
    ]);
    expect([repeated.status, repeated.body.error.details[0].path]).toEqual([400, 'interests.1']);
    expect((await put(alice.token, alice.id, [{ dimension: 'x', value: 'y', weight: 0.5, source: 'inferred' }])).status).toBe(400);
    expect((await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token })).body.items.map((i: any) => i.value)).toEqual(['Fjord']);
  });

  it('treats users of other companies as missing, in both directions', async () => {
    const other = await registerCompany(call);
    const body = { interests: [{ dimension: 'brand', value: 'X', weight: 1 }] };
    expect((await call('PUT', `/api/v1/users/${alice.id}/interests`, { token: other.ownerToken, body })).status).toBe(404);
    expect((await call('GET', `/api/v1/users/${alice.id}/interests`, { token: other.ownerToken })).status).toBe(404);
    const res = await call('GET', `/api/v1/users/${other.ownerId}/interests`, { token: staff.token });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });

  it('refuses too many interests and over-long dimensions or values', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ dimension: 'tag', value: `v${i}`, weight: 0.1 }));
    expect((await put(alice.token, alice.id, many)).status).toBe(400);
    expect((await put(alice.token, alice.id, many.slice(0, 100))).status).toBe(200);
    const long = await put(alice.token, alice.id, [{ dimension: 'd'.repeat(51), value: 'x', weight: 0.1 }]);
    expect([long.status, long.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await put(alice.token, alice.id, [{ dimension: 'd', value: 'v'.repeat(101), weight: 0.1 }])).status).toBe(400);
    expect((await put(alice.token, alice.id, [{ dimension: '  ', value: 'x', weight: 0.1 }])).status).toBe(400);
    expect((await call('PUT', `/api/v1/users/${alice.id}/interests`, { token: alice.token, body: {} })).status).toBe(400);
    const all = await call('GET', `/api/v1/users/${alice.id}/interests?limit=100`, { token: alice.token });
    expect([all.body.items.length, all.body.nextCursor]).toEqual([100, null]);
  });

  it('answers 401 without a token', async () => {
    expect((await call('GET', `/api/v1/users/${alice.id}/interests`)).status).toBe(401);
    expect((await call('PUT', `/api/v1/users/${alice.id}/interests`, { body: { interests: [] } })).status).toBe(401);
  });
});
