import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member } from '../support/builders';
import { startShop } from '../support/shop';
import type { Call } from '../support/http-client';
import type { TestApp } from '../support/test-app';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('orders over HTTP', () => {
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
  const product = async (extra: Record<string, unknown> = {}) =>
    (await call('POST', '/api/v1/products', { token: staff.token, body: { sku: `P-${++n}`, name: `Product ${n}`, price: eur(1000), stock: 10, ...extra } })).body;
  const stockOf = async (id: string) => (await call('GET', `/api/v1/products/${id}`, { token: staff.token })).body.stock;
  const place = (token: string, items: unknown, userId?: string) => call('POST', '/api/v1/orders', { token, body: { items, ...(userId ? { userId } : {}) } });
  const move = (token: string, id: string, to: string) => call('POST', `/api/v1/orders/${id}/transitions`, { token, body: { to } });

  it('places an order with catalog prices, merged lines and taken stock', async () => {
    const a = await product({ price: eur(1250) });
    const b = await product({ price: eur(300) });
    const res = await place(alice.token, [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }, { productId: a.id, quantity: 1 }]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: alice.id,
      status: 'placed',
      total: eur(3100),
      items: [{ productId: a.id, quantity: 2, unitPrice: eur(1250) }, { productId: b.id, quantity: 2, unitPrice: eur(300) }],
      history: [{ status: 'placed' }],
    });
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([8, 8]);
    // A later price change does not touch the placed order.
    await call('PUT', `/api/v1/products/${a.id}/price`, { token: staff.token, body: { price: eur(9999) } });
    expect((await call('GET', `/api/v1/orders/${res.body.id}`, { token: alice.token })).body.total).toEqual(eur(3100));
  });

  it('refuses an order it cannot serve in full and changes nothing', async () => {
    const a = await product({ stock: 5 });
    const b = await product({ stock: 1 });
    const res = await place(alice.token, [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 2 }]);
    expect([res.status, res.body.error.code]).toEqual([409, 'insufficient_stock']);
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([5, 1]);
    expect((await place(alice.token, [{ productId: 'nope', quantity: 1 }])).status).toBe(404);
    const draft = await product({ status: 'draft' });
    expect((await place(alice.token, [{ productId: draft.id, quantity: 1 }])).status).toBe(404);
    const usd = await product({ price: { amountCents: 100, currency: 'USD' } });
    expect((await place(alice.token, [{ productId: a.id, quantity: 1 }, { productId: usd.id, quantity: 1 }])).status).toBe(400);
    expect((await place(alice.token, [])).status).toBe(400);
    expect((await place(alice.token, [{ productId: a.id, quantity: 0 }])).status).toBe(400);
  });

  it('lets staff order on behalf of a customer, but not customers for each other', async () => {
    const a = await product();
    const onBehalf = await place(staff.token, [{ productId: a.id, quantity: 1 }], bob.id);
    expect([onBehalf.status, onBehalf.body.userId]).toEqual([201, bob.id]);
    expect((await place(alice.token, [{ productId: a.id, quantity: 1 }], bob.id)).status).toBe(403);
    expect((await place(staff.token, [{ productId: a.id, quantity: 1 }], 'ghost')).status).toBe(404);
  });

  it('shows customers their own orders only, and staff every order with filters', async () => {
    const a = await product();
    const mine = (await place(bob.token, [{ productId: a.id, quantity: 1 }])).body;
    const theirs = (await place(alice.token, [{ productId: a.id, quantity: 1 }])).body;
    expect((await call('GET', `/api/v1/orders/${theirs.id}`, { token: bob.token })).status).toBe(404);
    const own = await call('GET', '/api/v1/orders?limit=100', { token: bob.token });
    expect(own.body.items.every((o: any) => o.userId === bob.id)).toBe(true);
    expect(own.body.items.map((o: any) => o.id)).toContain(mine.id);
    const filtered = await call('GET', `/api/v1/orders?userId=${alice.id}&status=placed&limit=100`, { token: staff.token });
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(filtered.body.items.every((o: any) => o.userId === alice.id && o.status === 'placed')).toBe(true);
    const page = await call('GET', '/api/v1/orders?limit=1', { token: staff.token });
    const next = await call('GET', `/api/v1/orders?limit=1&cursor=${page.body.nextCursor}`, { token: staff.token });
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    expect((await call('GET', '/api/v1/orders?status=lost', { token: staff.token })).status).toBe(400);
  });

  it('moves orders along the status machine and refuses the rest', async () => {
    const a = await product({ stock: 4 });
    const order = (await place(alice.token, [{ productId: a.id, quantity: 3 }])).body;
    expect((await move(alice.token, order.id, 'paid')).status).toBe(403);
    const paid = await move(staff.token, order.id, 'paid');
    expect([paid.status, paid.body.status, paid.body.history.map((h: any) => h.status)]).toEqual([200, 'paid', ['placed', 'paid']]);
    const back = await move(staff.token, order.id, 'placed');
    expect([back.status, back.body.error.code]).toEqual([409, 'invalid_transition']);
    expect((await move(staff.token, order.id, 'shipped')).body.status).toBe('shipped');
    expect((await move(staff.token, order.id, 'cancelled')).status).toBe(409);
    expect((await move(staff.token, order.id, 'delivered')).body.status).toBe('delivered');
    expect((await move(staff.token, order.id, 'refunded')).body.status).toBe('refunded');
    expect((await move(staff.token, order.id, 'paid')).status).toBe(409);
    expect((await move(staff.token, order.id, 'teleported')).status).toBe(400);
  });

  it('lets a customer cancel their own placed order, which restocks', async () => {
    const a = await product({ stock: 3 });
    const order = (await place(alice.token, [{ productId: a.id, quantity: 2 }])).body;
    expect(await stockOf(a.id)).toBe(1);
    expect((await move(bob.token, order.id, 'cancelled')).status).toBe(404);
    const cancelled = await move(alice.token, order.id, 'cancelled');
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(await stockOf(a.id)).toBe(3);
    const paidOrder = (await place(alice.token, [{ productId: a.id, quantity: 1 }])).body;
    await move(staff.token, paidOrder.id, 'paid');
    expect((await move(alice.token, paidOrder.id, 'cancelled')).status).toBe(403);
  });

  it('issues an invoice with line totals', async () => {
    const a = await product({ price: eur(450), sku: 'INV-1' });
    const order = (await place(alice.token, [{ productId: a.id, quantity: 3 }])).body;
    const invoice = await call('GET', `/api/v1/orders/${order.id}/invoice`, { token: alice.token });
    expect(invoice.status).toBe(200);
    expect(invoice.body).toMatchObject({
      orderId: order.id,
      invoiceNumber: expect.stringMatching(/^INV-\d{8}-[0-9A-F-]{8}$/),
      customer: { id: alice.id, email: alice.email },
      lines: [{ productId: a.id, sku: 'INV-1', quantity: 3, unitPrice: eur(450), lineTotal: eur(1350) }],
      total: eur(1350),
    });
    expect((await call('GET', `/api/v1/orders/${order.id}/invoice`, { token: bob.token })).status).toBe(404);
  });

  it('keeps orders, products and users of other companies out of reach', async () => {
    const other = await registerCompany(call);
    const foreignProduct = (await call('POST', '/api/v1/products', { token: other.ownerToken, body: { sku: 'F-1', name: 'F', price: eur(100), stock: 5 } })).body;
    expect((await place(alice.token, [{ productId: foreignProduct.id, quantity: 1 }])).status).toBe(404);
    expect((await place(staff.token, [{ productId: (await product()).id, quantity: 1 }], other.ownerId)).status).toBe(404);
    const order = (await place(alice.token, [{ productId: (await product()).id, quantity: 1 }])).body;
    for (const [method, path, body] of [
      ['GET', `/api/v1/orders/${order.id}`, undefined],
      ['GET', `/api/v1/orders/${order.id}/invoice`, undefined],
      ['POST', `/api/v1/orders/${order.id}/transitions`, { to: 'paid' }],
    ] as const) {
      const res = await call(method, path, { token: other.ownerToken, body });
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    expect((await call('GET', '/api/v1/orders?limit=100', { token: other.ownerToken })).body.items).toEqual([]);
    expect((await call('GET', `/api/v1/orders?userId=${alice.id}`, { token: other.ownerToken })).body.items).toEqual([]);
    expect((await call('GET', `/api/v1/products/${foreignProduct.id}`, { token: other.ownerToken })).body.stock).toBe(5);
  });

  it('validates order bodies and list queries', async () => {
    const a = await product();
    const tooMany = Array.from({ length: 101 }, () => ({ productId: a.id, quantity: 1 }));
    for (const body of [
      { items: tooMany },
      { items: [{ productId: a.id, quantity: 1001 }] },
      { items: [{ productId: a.id, quantity: 1.5 }] },
      { items: [{ productId: a.id, quantity: 1, unitPrice: eur(1) }] },
      { items: [{ productId: a.id, quantity: 1 }], status: 'paid' },
      {},
    ]) {
      const res = await call('POST', '/api/v1/orders', { token: alice.token, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    const order = (await place(alice.token, [{ productId: a.id, quantity: 1 }])).body;
    expect((await call('POST', `/api/v1/orders/${order.id}/transitions`, { token: staff.token, body: { to: 'paid', at: 'now' } })).status).toBe(400);
    expect((await call('GET', '/api/v1/orders?limit=0', { token: staff.token })).status).toBe(400);
    expect((await call('GET', '/api/v1/orders?sort=old', { token: staff.token })).status).toBe(400);
    expect(await stockOf(a.id)).toBe(9);
  });

  it('answers 404 for unknown orders and 401 without a token', async () => {
    for (const path of ['/api/v1/orders/ghost', '/api/v1/orders/ghost/invoice']) {
      expect((await call('GET', path, { token: staff.token })).status).toBe(404);
    }
    expect((await move(staff.token, 'ghost', 'paid')).status).toBe(404);
    for (const [method, path] of [
      ['POST', '/api/v1/orders'], ['GET', '/api/v1/orders'], ['GET', '/api/v1/orders/x'],
      ['POST', '/api/v1/orders/x/transitions'], ['GET', '/api/v1/orders/x/invoice'], ['GET', '/api/v1/catalog/trending'],
    ] as const) {
      const res = await call(method, path, { body: method === 'POST' ? {} : undefined });
      expect([res.status, res.body.error.code]).toEqual([401, 'unauthenticated']);
    }
  });

  it('ranks trending products by units paid in the last 7 days', async () => {
    const shop = await registerCompany(call);
    const owner = shop.ownerToken;
    const mk = async (sku: string) =>
      (await call('POST', '/api/v1/products', { token: owner, body: { sku, name: sku, price: eur(100), stock: 100 } })).body;
    const [hot, warm, cold] = [await mk('HOT'), await mk('WARM'), await mk('COLD')];
    const buy = async (id: string, quantity: number, to: string[]) => {
      const order = (await place(owner, [{ productId: id, quantity }])).body;
      for (const status of to) await move(owner, order.id, status);
    };
    await buy(hot.id, 5, ['paid']);
    await buy(warm.id, 2, ['paid', 'shipped']);
    await buy(cold.id, 9, []);
    await buy(warm.id, 9, ['paid', 'refunded']);
    const trending = await call('GET', '/api/v1/catalog/trending', { token: owner });
    expect(trending.body.items.map((i: any) => [i.product.sku, i.units])).toEqual([['HOT', 5], ['WARM', 2]]);
    const popular = await call('GET', '/api/v1/products?sort=popularity&limit=2', { token: owner });
    expect(popular.body.items.map((p: any) => p.sku)).toEqual(['HOT', 'WARM']);
    app.clock.advance(8 * 86_400_000);
    const later = await call('POST', '/api/v1/auth/login', { body: { companySlug: shop.slug, email: shop.ownerEmail, password: 'correct horse battery' } });
    expect((await call('GET', '/api/v1/catalog/trending', { token: later.body.tokens.accessToken })).body.items).toEqual([]);
  });
  it('shows trending to customers, active products only, and validates the limit', async () => {
    const shop = await registerCompany(call);
    const buyer = await addMember(call, shop, 'customer');
    const mk = async (sku: string) =>
      (await call('POST', '/api/v1/products', { token: shop.ownerToken, body: { sku, name: sku, price: eur(100), stock: 100 } })).body;
    const [kept, archived] = [await mk('KEPT'), await mk('ARCHIVED')];
    for (const [id, quantity] of [[kept.id, 1], [archived.id, 7]] as const) {
      const order = (await place(buyer.token, [{ productId: id, quantity }])).body;
      expect((await move(shop.ownerToken, order.id, 'paid')).status).toBe(200);
    }
    await call('DELETE', `/api/v1/products/${archived.id}`, { token: shop.ownerToken });
    const trending = await call('GET', '/api/v1/catalog/trending?limit=5', { token: buyer.token });
    expect(trending.status).toBe(200);
    expect(trending.body.items).toEqual([{ product: expect.objectContaining({ id: kept.id, sku: 'KEPT', status: 'active' }), units: 1 }]);
    expect((await call('GET', '/api/v1/catalog/trending?limit=0', { token: buyer.token })).status).toBe(400);
    expect((await call('GET', '/api/v1/catalog/trending?limit=101', { token: buyer.token })).status).toBe(400);
    expect((await call('GET', '/api/v1/catalog/trending?days=3', { token: buyer.token })).status).toBe(400);
  });
});
