import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCompany, type Member } from '../support/builders';
import { startShop } from '../support/shop';
import type { Call } from '../support/http-client';
import type { TestApp } from '../support/test-app';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const WATCHLIST = '/api/v1/users/me/watchlist';

describe('watchlist over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let staff: Member;
  let alice: Member;
  let bob: Member;

  beforeAll(async () => {
    ({ app, call, staff, alice, bob } = await startShop());
  });
  afterAll(() => app.close());

  let n = 0;
  const product = async (extra: Record<string, unknown> = {}, token = staff.token) =>
    (await call('POST', '/api/v1/products', { token, body: { sku: `W-${++n}`, name: `Watched ${n}`, price: eur(5000), stock: 3, ...extra } })).body;
  const watch = (token: string, body: unknown) => call('POST', WATCHLIST, { token, body });

  it('adds with 201, updates the target with 200 and keeps the first addedAt', async () => {
    const lamp = await product({ name: 'Lamp' });
    const added = await watch(alice.token, { productId: lamp.id, targetPrice: eur(4000) });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      productId: lamp.id,
      targetPrice: eur(4000),
      addedAt: expect.stringMatching(/Z$/),
      product: expect.objectContaining({ id: lamp.id, name: 'Lamp', price: eur(5000), status: 'active' }),
    });
    const updated = await watch(alice.token, { productId: lamp.id });
    expect([updated.status, updated.body.targetPrice, updated.body.addedAt]).toEqual([200, null, added.body.addedAt]);
    const list = await call('GET', WATCHLIST, { token: alice.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([updated.body]);
    await call('DELETE', `${WATCHLIST}/${lamp.id}`, { token: alice.token });
  });

  it('lists only the caller\'s products, newest first', async () => {
    const first = await product();
    const second = await product();
    await watch(bob.token, { productId: first.id });
    app.clock.advance(1000);
    await watch(bob.token, { productId: second.id, targetPrice: eur(1) });
    const list = await call('GET', WATCHLIST, { token: bob.token });
    expect(list.body.items.map((i: any) => i.productId)).toEqual([second.id, first.id]);
    expect((await call('GET', WATCHLIST, { token: staff.token })).body.items).toEqual([]);
  });

  it('refuses unknown, foreign and unpublished products with 404', async () => {
    const other = await registerCompany(call);
    const foreign = await product({}, other.ownerToken);
    const draft = await product({ status: 'draft' });
    for (const productId of ['ghost', foreign.id, draft.id]) {
      const res = await watch(alice.token, { productId });
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    // Staff see drafts, so they may watch one.
    expect((await watch(staff.token, { productId: draft.id })).status).toBe(201);
  });

  it('refuses a target price in another currency, bad money and unknown fields with 400', async () => {
    const p = await product();
    const usd = await watch(alice.token, { productId: p.id, targetPrice: { amountCents: 100, currency: 'USD' } });
    expect([usd.status, usd.body.error.code, usd.body.error.details[0].path]).toEqual([400, 'validation_failed', 'targetPrice.currency']);
    expect((await watch(alice.token, { productId: p.id, targetPrice: { amountCents: 1.5, currency: 'EUR' } })).status).toBe(400);
    expect((await watch(alice.token, { productId: p.id, userId: bob.id })).status).toBe(400);
    expect((await watch(alice.token, {})).status).toBe(400);
    expect((await call('GET', WATCHLIST, { token: alice.token })).body.items).toEqual([]);
  });

  it('removes with 204, and 404 when the product is not on the caller\'s list', async () => {
    const p = await product();
    await watch(alice.token, { productId: p.id });
    expect((await call('DELETE', `${WATCHLIST}/${p.id}`, { token: bob.token })).status).toBe(404);
    const removed = await call('DELETE', `${WATCHLIST}/${p.id}`, { token: alice.token });
    expect([removed.status, removed.body]).toEqual([204, '']);
    const again = await call('DELETE', `${WATCHLIST}/${p.id}`, { token: alice.token });
    expect([again.status, again.body.error.code]).toEqual([404, 'not_found']);
  });

  it('keeps an archived product listed without showing it to customers', async () => {
    const p = await product();
    await watch(alice.token, { productId: p.id });
    expect((await call('DELETE', `/api/v1/products/${p.id}`, { token: staff.token })).status).toBeLessThan(300);
    const list = await call('GET', WATCHLIST, { token: alice.token });
    expect(list.body.items).toEqual([expect.objectContaining({ productId: p.id, product: null })]);
    await call('DELETE', `${WATCHLIST}/${p.id}`, { token: alice.token });
  });

  it('answers 401 without a token', async () => {
    expect((await call('GET', WATCHLIST)).status).toBe(401);
    expect((await call('POST', WATCHLIST, { body: { productId: 'x' } })).status).toBe(401);
    expect((await call('DELETE', `${WATCHLIST}/x`)).status).toBe(401);
  });
});
