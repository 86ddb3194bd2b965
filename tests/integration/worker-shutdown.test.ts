// SIGTERM to `npm run worker` (SPEC §3.13): it stops taking messages, finishes and
// acknowledges the ones in hand, closes its channels and pools and exits 0. Nothing is lost
// and nothing is applied twice: every event is either applied, still queued, or still in the
// outbox, and a second worker finishes the rest.
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { domainEvent } from '../../domain/shared/domain-event';
import { ok } from '../../domain/shared/result';
import { startWorkerProcess } from '../support/api-process';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueId } from '../support/unique';

const EVENTS = 3_000;
const USERS = 20;
const available = (await postgresAvailable()) && (await rabbitAvailable());

describe.skipIf(!available)('worker shutdown', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  const companyId = uniqueId();

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
    const uow = new MikroOrmUnitOfWork(db.orm);
    const now = new Date();
    const users = Array.from({ length: USERS }, () => uniqueId());
    const products = Array.from({ length: 5 }, (_, i) => uniqueId() + i);
    await uow.run(async (tx) => {
      for (const id of users) {
        await tx.users.save({ id, companyId, email: `${id}@example.test`, displayName: 'Buyer', role: 'customer', passwordHash: 'x', createdAt: now, updatedAt: now });
      }
      for (const [i, id] of products.entries()) {
        await tx.products.save({
          id, companyId, sku: id, name: id, description: '', categoryId: null, brand: `Brand ${i}`, tags: [`tag-${i}`], attributes: {},
          price: { amountCents: 100, currency: 'EUR' }, stock: 10, imageUrl: null, status: 'active', createdAt: now, updatedAt: now,
        });
      }
      const events = Array.from({ length: EVENTS }, (_, n) =>
        domainEvent('OrderStatusChanged', companyId, {
          orderId: uniqueId(), userId: users[n % USERS], from: 'placed', to: 'paid',
          items: [{ productId: products[n % products.length], quantity: 1, unitPrice: { amountCents: 100, currency: 'EUR' } }],
        }, { id: uniqueId(), occurredAt: now }));
      await tx.outbox.add(...events);
      return ok(undefined);
    });
  });
  afterAll(async () => {
    await vhost?.delete();
    await db?.close();
  });

  const count = async (query: string) => Number(((await db.orm.em.fork().execute(query))[0] as { n: string }).n);
  const applied = () => count("select count(*) as n from processed_events where consumer = 'interest-inference'");
  const emitted = () => count("select count(*) as n from outbox where type = 'InterestsUpdated'");
  const unpublished = () => count("select count(*) as n from outbox where type = 'OrderStatusChanged' and published_at is null");
  const queued = async () => {
    const connection = await connect(vhost.url);
    try {
      const channel = await connection.createChannel();
      // Wait until the broker has noticed the worker's connection is gone and requeued what it held.
      for (let i = 0; i < 100; i++) {
        const queue = await channel.checkQueue('interest-inference');
        if (queue.consumerCount === 0) return queue.messageCount;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the stopped worker still consumes');
    } finally {
      await connection.close();
    }
  };
  const env = () => ({ DATABASE_URL: db.url ?? '', AMQP_URL: vhost.url, OUTBOX_POLL_MS: '50', CONSUMER_PREFETCH: '16', LOG_LEVEL: 'info' });

  it('finishes what it holds on SIGTERM, exits 0, and loses or doubles nothing', async () => {
    const first = await startWorkerProcess(env());
    const deadline = Date.now() + 60_000;
    while ((await applied()) < 300) {
      if (Date.now() > deadline) throw new Error(`the worker applied too little:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('worker stopped');

    const done = await applied();
    expect(done).toBeLessThan(EVENTS);
    // Each event is in exactly one place: applied, waiting in its queue, or still in the outbox.
    expect(done + (await queued()) + (await unpublished())).toBe(EVENTS);
    expect(await emitted()).toBe(done);

    const second = await startWorkerProcess(env());
    const end = Date.now() + 90_000;
    while ((await applied()) < EVENTS) {
      if (Date.now() > end) throw new Error(`the second worker did not finish (${await applied()}):\n${second.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await applied()).toBe(EVENTS);
    expect(await emitted()).toBe(EVENTS);
  });
});
