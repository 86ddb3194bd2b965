// SPEC §3.7 under fire: a stream of 10 000 events goes from the PostgreSQL outbox through
// the relay, RabbitMQ and a consumer, while every connection of the worker is cut twice in
// the middle. Each event must be applied exactly once: nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { EventConsumer } from '../../application/ports/message-bus';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { loadConfig } from '../../composition/config';
import { createWorker, type Worker } from '../../composition/worker';
import { domainEvent, type DomainEvent } from '../../domain/shared/domain-event';
import { ok } from '../../domain/shared/result';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueId } from '../support/unique';

const EVENTS = 10_000;
const PRODUCTS = 10;
const available = (await postgresAvailable()) && (await rabbitAvailable());

describe.skipIf(!available)('worker under connection cuts', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  let worker: Worker;
  const companyId = uniqueId();
  const productIds = Array.from({ length: PRODUCTS }, () => uniqueId());

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
    const uow = new MikroOrmUnitOfWork(db.orm);
    await uow.run(async (tx) => {
      for (const id of productIds) {
        await tx.products.save({
          id, companyId, sku: id, name: id, description: '', categoryId: null, brand: null, tags: [], attributes: {},
          price: { amountCents: 100, currency: 'EUR' }, stock: 0, imageUrl: null, status: 'active', createdAt: new Date(), updatedAt: new Date(),
        });
      }
      return ok(undefined);
    });
    // A side effect that is NOT idempotent by itself (a counter), made exactly-once by the
    // inbox claim in the same transaction: a lost event leaves the sum short, a doubled one over.
    const counter: EventConsumer = {
      name: 'chaos-counter',
      eventTypes: ['ChaosTick'],
      async handle({ event }) {
        const { productId } = event.payload as { productId: string };
        await uow.run(async (tx) => {
          if (await tx.inbox.claim('chaos-counter', event.id, new Date())) {
            await tx.products.countSales(companyId, [{ productId, quantity: 1 }], 1);
          }
          return ok(undefined);
        });
      },
    };
    const config = loadConfig({
      DATABASE_URL: db.url ?? '', AMQP_URL: vhost.url, WORKER_PORT: '0', LOG_LEVEL: 'silent',
      OUTBOX_POLL_MS: '50', CONSUMER_RETRY_DELAYS_MS: '100,300', CONSUMER_PREFETCH: '32',
    });
    worker = await createWorker({ config, logger: pino({ level: 'silent' }), jwtSecret: 'x'.repeat(32), orm: db.orm, extraConsumers: [counter] });
  });
  afterAll(async () => {
    await worker?.close();
    await vhost?.delete();
    await db?.close();
  });

  const sql = async (query: string, params: unknown[] = []) => (await db.orm.em.fork().execute(query, params))[0] as Record<string, unknown>;
  const applied = async () => Number((await sql("select count(*) as n from processed_events where consumer = 'chaos-counter'")).n);
  const waitFor = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (applied ${await applied()})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('applies each of 10 000 events exactly once across two cuts of every connection', async () => {
    const uow = new MikroOrmUnitOfWork(db.orm);
    const write = async (from: number, to: number) => {
      const events: DomainEvent[] = [];
      for (let i = from; i < to; i++) {
        events.push(domainEvent('ChaosTick', companyId, { productId: productIds[i % PRODUCTS], n: i }, { id: uniqueId(), occurredAt: new Date() }));
      }
      await uow.run(async (tx) => {
        await tx.outbox.add(...events);
        return ok(undefined);
      });
    };
    // The stream keeps flowing while the connections are cut.
    const stream = (async () => {
      for (let i = 0; i < EVENTS; i += 500) {
        await write(i, i + 500);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    await waitFor(async () => (await applied()) >= 2_000, 60_000, '2 000 applied');
    await vhost.closeAllConnections();
    await waitFor(async () => (await applied()) >= 6_000, 90_000, '6 000 applied after the first cut');
    await vhost.closeAllConnections();
    await stream;
    await waitFor(async () => (await applied()) >= EVENTS, 120_000, 'every event applied');
    // Late duplicates, if any, would land now.
    await new Promise((r) => setTimeout(r, 1000));

    expect(await applied()).toBe(EVENTS);
    const sold = await sql('select sum(units_sold) as sold, count(*) filter (where units_sold <> ?) as uneven from products where company_id = ?', [EVENTS / PRODUCTS, companyId]);
    expect(Number(sold.sold)).toBe(EVENTS);
    expect(Number(sold.uneven)).toBe(0);
    expect(Number((await sql("select count(*) as n from outbox where type = 'ChaosTick' and published_at is null")).n)).toBe(0);

    // The worker's probe server exposes what happened to Prometheus.
    const metrics = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
    const figure = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? NaN);
    expect(figure(/^events_consumed_total\{consumer="chaos-counter"\} (\d+)/m)).toBeGreaterThanOrEqual(EVENTS);
    expect(figure(/^outbox_published_events_total (\d+)/m)).toBeGreaterThanOrEqual(EVENTS);
    expect(figure(/^outbox_pending_events (\d+)/m)).toBe(0);
    expect(metrics).toMatch(/^bus_queue_messages\{queue="chaos-counter"\} \d+/m);
  });
});
