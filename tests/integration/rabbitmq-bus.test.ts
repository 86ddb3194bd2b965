// What only the RabbitMQ bus has to prove: durable queues and persistent messages, recovery
// after the broker drops every connection, fail-fast publishing, confirms under volume, and a
// batch kept in the outbox when its confirms never came.
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RelayOutbox } from '../../application/events/relay-outbox';
import type { EventConsumer, RetryPolicy } from '../../application/ports/message-bus';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { InMemoryOutbox } from '../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { RabbitMqBusAdministration } from '../../adapters/rabbitmq/rabbitmq-bus-administration';
import { RabbitMqConsumerHost } from '../../adapters/rabbitmq/rabbitmq-consumer-host';
import { RabbitMqEventPublisher } from '../../adapters/rabbitmq/rabbitmq-event-publisher';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { ok } from '../../domain/shared/result';
import { anEvent, uniqueName, uniqueType } from '../contracts/message-bus.contract';
import { startHoldingProxy } from '../support/holding-proxy';
import { listQueues, openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';

const RETRY: RetryPolicy = { maxAttempts: 3, delaysMs: [50, 150] };
const RECONNECT = { initialDelayMs: 50, maxDelayMs: 500 };

function capturingLog() {
  const lines: { level: string; message: string; role?: string }[] = [];
  const push = (level: string) => (details: object, message: string) => lines.push({ level, message, role: (details as { role?: string }).role });
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(await rabbitAvailable())('RabbitMQ bus', () => {
  let vhost: TestVhost;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    vhost = await openVhost();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await vhost?.delete();
  });

  /** A plain connection of the test's own, opened per use: the chaos tests cut every connection of the vhost. */
  async function withRaw<T>(work: (raw: ChannelModel) => Promise<T>): Promise<T> {
    const raw = await connect(vhost.url);
    try {
      return await work(raw);
    } finally {
      await raw.close().catch(() => undefined);
    }
  }

  const publisherFor = (spec?: EventConsumer | { name: string; eventTypes: string[] }, log = capturingLog()) => {
    const publisher = new RabbitMqEventPublisher({
      url: vhost.url,
      reconnect: RECONNECT,
      log,
      topology: spec ? { consumers: [spec], retry: RETRY } : undefined,
    });
    closers.push(() => publisher.close());
    return publisher;
  };

  const queueDepth = (queue: string) => withRaw(async (raw) => (await (await raw.createChannel()).checkQueue(queue)).messageCount);

  it('declares durable quorum queues with TTL retry queues, and publishes persistent messages', async () => {
    const spec = { name: uniqueName('durable'), eventTypes: [uniqueType()] };
    const event = anEvent(spec.eventTypes[0]!, { sku: 'A-1' });
    await publisherFor(spec).publish([event]);

    const queues = (await listQueues(vhost.vhost)).filter((q) => q.name.startsWith(spec.name));
    expect(queues.map((q) => q.name).sort()).toEqual([spec.name, `${spec.name}.dead`, `${spec.name}.retry.150`, `${spec.name}.retry.50`]);
    for (const queue of queues) expect(queue).toMatchObject({ durable: true, type: 'quorum' });
    const retry50 = queues.find((q) => q.name.endsWith('.retry.50'))!;
    expect(retry50.arguments).toContain('"x-message-ttl"');
    expect(retry50.arguments).toContain(`"x-dead-letter-routing-key","longstr","${spec.name}"`);
    expect(retry50.arguments).toContain('"at-least-once"');
    expect(queues.find((q) => q.name === spec.name)!.arguments).toContain('"x-delivery-limit"');

    const message = await withRaw(async (raw) => (await raw.createChannel()).get(spec.name, { noAck: true }));
    expect(message).not.toBe(false);
    if (message === false) return;
    expect(message.properties).toMatchObject({
      deliveryMode: 2,
      messageId: event.id,
      type: event.type,
      contentType: 'application/json',
      headers: { companyId: event.companyId },
    });
    expect(message.properties.timestamp).toBe(Math.floor(Date.parse(event.occurredAt) / 1000));
    expect(message.fields.routingKey).toBe(event.type);
    expect(JSON.parse(message.content.toString())).toEqual(event);
  });

  it('declares classic durable queues when told to', async () => {
    const consumer: EventConsumer = { name: uniqueName('classic'), eventTypes: [uniqueType()], handle: async () => undefined };
    const host = new RabbitMqConsumerHost({ url: vhost.url, prefetch: 1, retry: RETRY, queueType: 'classic' });
    await host.start([consumer]);
    await host.stop();
    const queues = (await listQueues(vhost.vhost)).filter((q) => q.name.startsWith(consumer.name));
    expect(queues).toHaveLength(4);
    for (const queue of queues) expect(queue).toMatchObject({ durable: true, type: 'classic' });
  });

  it('dead-letters a message that is not a domain event envelope at once', async () => {
    const handled: unknown[] = [];
    const consumer: EventConsumer = { name: uniqueName('strict'), eventTypes: [uniqueType()], handle: async (d) => void handled.push(d) };
    const host = new RabbitMqConsumerHost({ url: vhost.url, prefetch: 1, retry: RETRY });
    closers.push(() => host.stop());
    await host.start([consumer]);
    await withRaw(async (raw) => {
      const channel = await raw.createConfirmChannel();
      channel.publish('conversion.events', consumer.eventTypes[0]!, Buffer.from('{"not":"an event"}'), { persistent: true });
      await channel.waitForConfirms();
    });
    await vi.waitFor(async () => expect(await queueDepth(`${consumer.name}.dead`)).toBe(1), { timeout: 10_000 });
    expect(handled).toEqual([]);
    await host.stop();
  });

  it('keeps delivering every event across dropped connections (publisher and consumers recover)', async () => {
    const total = 3000;
    const handled = new Set<string>();
    let deliveries = 0;
    const consumer: EventConsumer = {
      name: uniqueName('chaos'),
      eventTypes: [uniqueType()],
      async handle({ event }) {
        deliveries += 1;
        await sleep(1);
        handled.add(event.id); // idempotent: a redelivery changes nothing
      },
    };
    const log = capturingLog();
    const host = new RabbitMqConsumerHost({ url: vhost.url, prefetch: 20, retry: RETRY, reconnect: RECONNECT, log });
    closers.push(() => host.stop());
    await host.start([consumer]);
    const publisher = publisherFor(undefined, log);

    const events = Array.from({ length: total }, () => anEvent(consumer.eventTypes[0]!));
    const marks = [800, 1800];
    // rabbitmqctl can take seconds on a busy machine: the relay runs on 500 events past a mark, then
    // waits for that cut, so the cuts land mid-stream however slow the machine is.
    const cutDone = marks.map(() => {
      let resolve!: () => void;
      return { promise: new Promise<void>((r) => (resolve = r)), resolve: () => resolve() };
    });
    let confirmed = 0;
    let rejections = 0;
    // Relay-like: a rejected batch is published again, whole, a little later.
    const relay = (async () => {
      for (let i = 0; i < total; i += 50) {
        for (const [k, mark] of marks.entries()) if (i >= mark + 500) await cutDone[k]!.promise;
        const batch = events.slice(i, i + 50);
        for (;;) {
          try {
            await publisher.publish(batch);
            break;
          } catch {
            rejections += 1;
            await sleep(50);
          }
        }
        confirmed += batch.length;
        await sleep(15);
      }
    })();
    let confirmedAtCuts: number[] = [];
    for (const [k, mark] of marks.entries()) {
      await vi.waitFor(() => expect(confirmed).toBeGreaterThanOrEqual(mark), { timeout: 20_000, interval: 5 });
      confirmedAtCuts = [...confirmedAtCuts, confirmed];
      await vhost.closeAllConnections();
      cutDone[k]!.resolve();
    }
    await relay;

    await vi.waitFor(() => expect(handled.size).toBe(total), { timeout: 30_000, interval: 50 });
    expect(events.every((e) => handled.has(e.id))).toBe(true);
    expect(deliveries).toBeGreaterThanOrEqual(total);
    expect(confirmedAtCuts.every((n) => n < total)).toBe(true); // the cuts landed mid-stream
    const disconnects = log.lines.filter((l) => l.message.startsWith('lost the RabbitMQ connection'));
    expect(new Set(disconnects.map((l) => l.role))).toEqual(new Set(['consumer-host', 'event-publisher']));
    expect(log.lines.filter((l) => l.message === 'reconnected to RabbitMQ').length).toBeGreaterThanOrEqual(2);
    await host.stop();
    console.info(`chaos: ${total} events, ${deliveries} deliveries, ${rejections} rejected publishes, cuts at ${confirmedAtCuts.join(', ')}`);
  });

  it('recreates a consumer whose queue was deleted under it', async () => {
    const handled: string[] = [];
    const consumer: EventConsumer = {
      name: uniqueName('phoenix'),
      eventTypes: [uniqueType()],
      handle: async ({ event }) => void handled.push(event.id),
    };
    const log = capturingLog();
    const host = new RabbitMqConsumerHost({ url: vhost.url, prefetch: 1, retry: RETRY, reconnect: RECONNECT, log });
    closers.push(() => host.stop());
    await host.start([consumer]);
    await withRaw(async (raw) => (await raw.createChannel()).deleteQueue(consumer.name));

    const publisher = publisherFor();
    const event = anEvent(consumer.eventTypes[0]!);
    // Published until the redeclared queue takes it (before that, nothing is bound to its type).
    await vi.waitFor(
      async () => {
        if (!handled.includes(event.id)) await publisher.publish([event]);
        expect(handled).toContain(event.id);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(log.lines.map((l) => l.message)).toContain('reconnected to RabbitMQ');
    await host.stop();
  });

  it('rejects a publish when the broker is unreachable, naming the cause, instead of hanging', async () => {
    const publisher = new RabbitMqEventPublisher({ url: 'amqp://guest:guest@127.0.0.1:1', connectTimeoutMs: 1000, reconnect: RECONNECT });
    closers.push(() => publisher.close());
    await expect(publisher.publish([anEvent(uniqueType())])).rejects.toThrow(/not reachable within 1000 ms.*ECONNREFUSED/);
  });

  it('fails to start a consumer host when the broker is unreachable', async () => {
    const unreachable = 'amqp://guest:guest@127.0.0.1:1';
    const host = new RabbitMqConsumerHost({ url: unreachable, prefetch: 1, retry: RETRY, reconnect: RECONNECT, initialMaxRetries: 2 });
    const consumer: EventConsumer = { name: uniqueName('nowhere'), eventTypes: [uniqueType()], handle: async () => undefined };
    await expect(host.start([consumer])).rejects.toThrow(/ECONNREFUSED/);
  });

  it('resolves a publish of 20 000 events only once every one is confirmed', async () => {
    const spec = { name: uniqueName('bulk'), eventTypes: [uniqueType()] };
    const publisher = publisherFor(spec);
    const events: DomainEvent[] = Array.from({ length: 20_000 }, (_, n) => anEvent(spec.eventTypes[0]!, { n }));
    const started = Date.now();
    await publisher.publish(events);
    const elapsed = Date.now() - started;
    expect(await queueDepth(spec.name)).toBe(20_000);
    console.info(`bulk: 20000 events confirmed in ${elapsed} ms`);
  });

  it('never resolves a publish whose connection dropped before every confirm arrived: the outbox keeps the batch for the next run', async () => {
    const spec = { name: uniqueName('cut'), eventTypes: [uniqueType()] };
    const broker = new URL(vhost.url);
    const proxy = await startHoldingProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
    closers.push(() => proxy.close());
    const throughProxy = new URL(vhost.url);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    const publisher = new RabbitMqEventPublisher({ url: throughProxy.toString(), reconnect: RECONNECT, topology: { consumers: [spec], retry: RETRY } });
    closers.push(() => publisher.close());
    await publisher.publish([anEvent(spec.eventTypes[0]!)]); // connected, topology declared

    const total = 2000;
    const store = new MemoryStore();
    const clock = new FixedClock();
    const outbox = new InMemoryOutbox(store, clock);
    const events = Array.from({ length: total }, () => anEvent(spec.eventTypes[0]!));
    await new InMemoryUnitOfWork(store).run(async (tx) => {
      await tx.outbox.add(...events);
      return ok(undefined);
    });
    const relay = new RelayOutbox(outbox, publisher, clock, { batchSize: total });

    // The broker takes every message, but none of its confirms gets through before the connection drops.
    proxy.hold();
    const run = relay.execute();
    run.catch(() => undefined);
    await vi.waitFor(async () => expect(await queueDepth(spec.name)).toBe(total + 1), { timeout: 30_000, interval: 100 });
    proxy.cut();

    await expect(run).rejects.toThrow(/closed/);
    expect(await outbox.lag()).toEqual({ pending: total, oldestOccurredAt: expect.any(Date) });
    expect((await outbox.pending(total)).map((r) => [r.event.id, r.attempts])).toEqual(events.map((e) => [e.id, 1]));

    // The publisher reconnects by itself; the next run publishes the batch again (at least once).
    expect(await relay.execute()).toEqual({ published: total });
    expect(await outbox.lag()).toEqual({ pending: 0, oldestOccurredAt: null });
    expect(await queueDepth(spec.name)).toBe(2 * total + 1);
  });

  it('reports stats for queues that do not exist yet as empty', async () => {
    const admin = new RabbitMqBusAdministration({ url: vhost.url, consumers: [{ name: uniqueName('ghost'), eventTypes: ['X'] }], retry: RETRY });
    closers.push(() => admin.close());
    const stats = await admin.stats();
    expect(stats.queues.every((q) => q.messages === 0 && q.consumers === 0)).toBe(true);
    expect(stats.queues).toHaveLength(4);
    expect(stats.consumers[0]?.status).toBe('stopped');
    expect(stats.deadLetters.total).toBe(0);
  });
});
