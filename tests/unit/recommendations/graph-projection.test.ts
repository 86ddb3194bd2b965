// The graph projection (SPEC §3.5): events reach the graph through the consumer, each
// projection re-reads the store, so redeliveries, late events and refunds all end where the
// store is; a rebuild from the store lands on the same graph.
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheAside } from '../../../application/cache/cache-aside';
import { ProjectInterests, ProjectProduct, ProjectPurchases } from '../../../application/recommendations/graph-projection';
import { RebuildGraph } from '../../../application/recommendations/rebuild-graph';
import type { RecommendationGraph } from '../../../application/ports/recommendation-graph';
import type { UnitOfWork } from '../../../application/ports/unit-of-work';
import { graphProjectionConsumer } from '../../../adapters/consumers/graph-projection-consumer';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { InMemoryRecommendationGraph } from '../../../adapters/memory/in-memory-recommendation-graph';
import type { EventConsumer } from '../../../application/ports/message-bus';
import type { Order, OrderStatus } from '../../../domain/orders/order';
import type { Product } from '../../../domain/catalog/product';
import type { Actor } from '../../../domain/identity/actor';
import { domainEvent } from '../../../domain/shared/domain-event';
import { ok } from '../../../domain/shared/result';
import { commerce, eur, type Commerce } from '../orders/commerce-fixture';

describe('graph projection consumer', () => {
  let w: Commerce;
  let graph: RecommendationGraph;
  let consumer: EventConsumer;
  let rebuild: RebuildGraph;
  let events = 0;

  const deliver = async (type: string, payload: unknown) => {
    const event = domainEvent(type, 'acme', payload, { id: `event-${++events}`, occurredAt: w.clock.now() });
    await consumer.handle({ event, attempt: 1 });
    return event;
  };
  const order = async (buyer: Actor, status: OrderStatus, ...products: Product[]): Promise<Order> => {
    const saved: Order = {
      id: w.ids.next(), companyId: 'acme', userId: buyer.userId, status, placedAt: w.clock.now(),
      items: products.map((p) => ({ productId: p.id, quantity: 1, unitPrice: p.price })),
      total: eur(products.length * 1000), history: [{ status, at: w.clock.now() }],
    };
    await w.uow.run(async (tx) => ok(await tx.orders.save(saved)));
    return saved;
  };
  const orderChanged = (o: Order) =>
    deliver('OrderStatusChanged', { orderId: o.id, userId: o.userId, from: 'placed', to: o.status, items: o.items.map((i) => ({ productId: i.productId, quantity: i.quantity })) });
  const coPurchases = (user: Actor) => graph.coPurchases({ companyId: 'acme', userId: user.userId, limit: 10 });
  const popular = (user: Actor) => graph.popular({ companyId: 'acme', userId: user.userId, limit: 10 });
  const ids = (list: readonly { productId: string }[]) => list.map((c) => c.productId);

  beforeEach(() => {
    w = commerce();
    graph = new InMemoryRecommendationGraph();
    const cache = new CacheAside(new InMemoryLruCache());
    consumer = graphProjectionConsumer({
      product: new ProjectProduct(w.uow, graph, cache),
      purchases: new ProjectPurchases(w.uow, graph, cache),
      interests: new ProjectInterests(w.uow, graph, cache, w.clock),
    });
    rebuild = new RebuildGraph(w.uow, graph, cache, w.clock, { skipped: () => undefined }, 2);
  });

  it('projects products, paid orders and interests, and a redelivery changes nothing', async () => {
    const [alice, bob] = [await w.member('acme'), await w.member('acme')];
    const [boots, laces, hat] = [await w.product('acme', { tags: ['leather'] }), await w.product('acme'), await w.product('acme', { tags: ['wool'] })];
    for (const p of [boots, laces, hat]) await deliver('ProductUpserted', { productId: p.id });
    const bobs = await order(bob, 'paid', boots, laces);
    const alices = await order(alice, 'paid', boots);
    await orderChanged(bobs);
    const once = await orderChanged(alices);
    await w.uow.run(async (tx) => ok(await tx.interests.replace('acme', alice.userId, 'explicit', [{ dimension: 'tag', value: 'Wool', weight: 0.8, source: 'explicit', updatedAt: w.clock.now() }])));
    const interests = await deliver('InterestsUpdated', { userId: alice.userId });

    const before = { co: await coPurchases(alice), content: await graph.interestMatches({ companyId: 'acme', userId: alice.userId, limit: 10 }) };
    expect(ids(before.co)).toEqual([laces.id]);
    expect(before.co[0]?.evidence).toEqual([expect.objectContaining({ kind: 'co_purchase', productId: boots.id })]);
    expect(ids(before.content)).toEqual([hat.id]);

    for (const event of [once, interests, once]) await consumer.handle({ event, attempt: 2 });
    expect(await coPurchases(alice)).toEqual(before.co);
    expect(await graph.interestMatches({ companyId: 'acme', userId: alice.userId, limit: 10 })).toEqual(before.content);
  });

  it('takes a refunded or cancelled purchase back out, and ignores statuses that change no purchase', async () => {
    const [alice, bob] = [await w.member('acme'), await w.member('acme')];
    const [boots, laces] = [await w.product('acme'), await w.product('acme')];
    for (const p of [boots, laces]) await deliver('ProductUpserted', { productId: p.id });
    await orderChanged(await order(bob, 'paid', boots, laces));
    const alices = await order(alice, 'paid', boots);
    await orderChanged(alices);
    expect(ids(await popular(alice))).toEqual([laces.id]);

    const refunded: Order = { ...alices, status: 'refunded' };
    await w.uow.run(async (tx) => ok(await tx.orders.save(refunded)));
    await orderChanged(refunded);
    expect(ids(await coPurchases(alice))).toEqual([]);
    // Boots is offered to Alice again, and counts one buyer fewer.
    expect((await popular(alice)).map((c) => [c.productId, c.buyers])).toEqual([[boots.id, 1], [laces.id, 1]]);

    // A shipped order was already projected when it was paid.
    await orderChanged({ ...(await order(alice, 'shipped', laces)), status: 'shipped' });
    expect(ids(await popular(alice))).toEqual([boots.id, laces.id]);
  });

  it('stops offering a product that is archived or sold out, and offers it again when restocked', async () => {
    const [alice, bob] = [await w.member('acme'), await w.member('acme')];
    const [boots, laces] = [await w.product('acme'), await w.product('acme')];
    for (const p of [boots, laces]) await deliver('ProductUpserted', { productId: p.id });
    await orderChanged(await order(bob, 'paid', boots, laces));
    await orderChanged(await order(alice, 'paid', boots));
    const save = async (p: Product) => {
      await w.uow.run(async (tx) => ok(await tx.products.save(p)));
      await deliver('StockChanged', { productId: p.id });
    };
    await save({ ...laces, stock: 0 });
    expect(ids(await coPurchases(alice))).toEqual([]);
    await save({ ...laces, stock: 3 });
    expect(ids(await coPurchases(alice))).toEqual([laces.id]);
    await save({ ...laces, status: 'archived' });
    expect(ids(await popular(alice))).toEqual([]);
  });

  it('rebuilds from the store to the same graph the events built, in batches', async () => {
    const users = [await w.member('acme'), await w.member('acme'), await w.member('acme')];
    const products = [await w.product('acme', { brand: 'Fjord' }), await w.product('acme'), await w.product('acme'), await w.product('acme')];
    for (const p of products) await deliver('ProductUpserted', { productId: p.id });
    const orders = [
      await order(users[0]!, 'paid', products[0]!, products[1]!),
      await order(users[1]!, 'paid', products[1]!, products[2]!),
      await order(users[2]!, 'paid', products[0]!, products[2]!, products[3]!),
    ];
    for (const o of orders) await orderChanged(o);
    // Delivery changes no purchase, so it sends the graph nothing; the rebuild must count it too.
    await w.uow.run(async (tx) => ok(await tx.orders.save({ ...orders[1]!, status: 'delivered' })));
    await w.uow.run(async (tx) => ok(await tx.interests.replace('acme', users[1]!.userId, 'explicit', [{ dimension: 'brand', value: 'fjord', weight: 1, source: 'explicit', updatedAt: w.clock.now() }])));
    await deliver('InterestsUpdated', { userId: users[1]!.userId });
    const answers = async () =>
      Promise.all(users.flatMap((u) => [coPurchases(u), popular(u), graph.interestMatches({ companyId: 'acme', userId: u.userId, limit: 10 })]));
    const live = await answers();

    const progress = await rebuild.execute('acme');
    expect(progress).toEqual({ phase: 'done', products: 4, purchases: 7, users: 1, skipped: 0 });
    expect(await answers()).toEqual(live);
  });

  it('stops with an error, never spins, when the store answers a batch that does not move past its cursor', async () => {
    const user = await w.member('acme');
    await w.uow.run(async (tx) => ok(await tx.interests.replace('acme', user.userId, 'explicit', [{ dimension: 'tag', value: 'wool', weight: 1, source: 'explicit', updatedAt: w.clock.now() }])));
    const first = await w.uow.read((r) => r.interests.scanUsers('acme', null, 10));
    let asked = 0;
    const stuck: UnitOfWork = {
      run: (work) => w.uow.run(work),
      // A store that reads every cursor as "from the start", as an unbound `undefined` did.
      read: (work) => w.uow.read((repos) => work({ ...repos, interests: { ...repos.interests, scanUsers: async () => (asked++, first) } })),
    };
    const stuckRebuild = new RebuildGraph(stuck, graph, new CacheAside(new InMemoryLruCache()), w.clock, { skipped: () => undefined });

    await expect(stuckRebuild.execute('acme')).rejects.toThrow(/does not move past its cursor/);
    expect(asked).toBe(2);
  });

  it('skips and reports a user whose interests the graph refuses, and rebuilds everyone else', async () => {
    const [refused, kept] = [await w.member('acme'), await w.member('acme')];
    const jumper = await w.product('acme', { tags: ['wool'] });
    for (const user of [refused, kept]) {
      await w.uow.run(async (tx) => ok(await tx.interests.replace('acme', user.userId, 'explicit', [{ dimension: 'tag', value: 'wool', weight: 1, source: 'explicit', updatedAt: w.clock.now() }])));
    }
    const picky = new InMemoryRecommendationGraph();
    const setInterests = picky.setInterests.bind(picky);
    picky.setInterests = async (companyId, userId, interests) => {
      if (userId === refused.userId) throw new Error('the graph refused this user');
      return setInterests(companyId, userId, interests);
    };
    const skipped: string[] = [];
    const pickyRebuild = new RebuildGraph(w.uow, picky, new CacheAside(new InMemoryLruCache()), w.clock, { skipped: (_, row) => skipped.push(row) });

    const progress = await pickyRebuild.execute('acme');

    expect(progress).toMatchObject({ phase: 'done', users: 2, skipped: 1 });
    expect(skipped).toEqual([`interests of user ${refused.userId}`]);
    expect(ids(await picky.interestMatches({ companyId: 'acme', userId: kept.userId, limit: 10 }))).toEqual([jumper.id]);
    expect(await picky.interestMatches({ companyId: 'acme', userId: refused.userId, limit: 10 })).toEqual([]);
  });
});
