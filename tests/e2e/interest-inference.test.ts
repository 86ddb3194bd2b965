// SPEC §3.4 through the whole embedded pipeline: a paid order is relayed from the outbox
// to the in-process bus, the interest-inference consumer learns from it, and the buyer's
// inferred interests show beside the explicit ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../application/ports/event-publisher';
import { TOKENS } from '../../composition/tokens';
import { startShop, type Shop } from '../support/shop';

describe('interest inference', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(() => shop.app.close());

  const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

  it('gives a buyer inferred category, brand and tag interests once their order is paid, beside the explicit ones', async () => {
    const { call, tenant, staff, alice, app } = shop;
    const category = (await call('POST', '/api/v1/categories', { token: staff.token, body: { name: 'Lighting', parentId: null } })).body;
    const lamp = (await call('POST', '/api/v1/products', {
      token: staff.token,
      body: { sku: 'LAMP-1', name: 'Desk lamp', categoryId: category.id, brand: 'Lumo', tags: ['brass'], price: eur(4900), stock: 5 },
    })).body;
    await call('PUT', `/api/v1/users/${alice.id}/interests`, { token: alice.token, body: { interests: [{ dimension: 'color', value: 'red', weight: 0.8 }] } });
    const order = (await call('POST', '/api/v1/orders', { token: alice.token, body: { items: [{ productId: lamp.id, quantity: 2 }] } })).body;
    await app.settle();
    const before = await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token });
    expect(before.body.items.map((i: { source: string }) => i.source)).toEqual(['explicit']);

    expect((await call('POST', `/api/v1/orders/${order.id}/transitions`, { token: staff.token, body: { to: 'paid' } })).status).toBe(200);
    await app.settle();

    const after = await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token });
    expect(after.status).toBe(200);
    const shown = after.body.items.map((i: { dimension: string; value: string; source: string }) => `${i.source}:${i.dimension}=${i.value}`);
    expect(shown).toEqual(['explicit:color=red', 'inferred:category=Lighting', 'inferred:brand=Lumo', 'inferred:tag=brass']);
    for (const item of after.body.items) expect(item.weight).toBeGreaterThan(0);
    const updates = app.delivered.filter((e) => e.companyId === tenant.companyId && e.type === 'InterestsUpdated');
    expect(updates).toHaveLength(2);
    expect(updates[1]?.payload).toMatchObject({ userId: alice.id });

    // The broker may deliver an event twice: the second delivery changes nothing.
    const paid = app.delivered.find((e) => e.type === 'OrderStatusChanged' && (e.payload as { orderId: string }).orderId === order.id);
    expect(paid).toBeDefined();
    await app.app.container.get<EventPublisher>(TOKENS.EventPublisher).publish([paid!]);
    await app.settle();
    expect((await call('GET', `/api/v1/users/${alice.id}/interests`, { token: alice.token })).body).toEqual(after.body);
    expect(app.delivered.filter((e) => e.companyId === tenant.companyId && e.type === 'InterestsUpdated')).toHaveLength(2);
  });
});
