// SPEC §3.7 delivery semantics, run against every bus: routing by event type, a queue per
// consumer, retries with growing delays, dead letters and replay, bounded prefetch,
// graceful stop, at-least-once delivery.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it, vi } from 'vitest';
import type { EventPublisher } from '../../application/ports/event-publisher';
import {
  UndeliverableEvent,
  type BusAdministration,
  type ConsumerHost,
  type ConsumerSpec,
  type Delivery,
  type DeliveryObserver,
  type EventConsumer,
  type RetryPolicy,
} from '../../application/ports/message-bus';
import type { DomainEvent } from '../../domain/shared/domain-event';

export interface BusUnderTest {
  readonly publisher: EventPublisher;
  readonly host: ConsumerHost;
  readonly admin: BusAdministration;
  /** Stops the host and releases every connection. */
  close(): Promise<void>;
}

export interface BusOptions {
  readonly retry: RetryPolicy;
  readonly prefetch: number;
  /** The consumers the test will start (the RabbitMQ administration needs the list up front). */
  readonly consumers: readonly ConsumerSpec[];
  readonly observer: DeliveryObserver;
}

export type BusFactory = (options: BusOptions) => Promise<BusUnderTest>;

const RETRY: RetryPolicy = { maxAttempts: 4, delaysMs: [50, 150] };
const WAIT = { timeout: 10_000, interval: 10 };

export function messageBusContract(factory: BusFactory): void {
  const opened: BusUnderTest[] = [];
  afterEach(async () => {
    for (const bus of opened.splice(0)) await bus.close();
  });

  async function startBus(consumers: EventConsumer[], options: Partial<Omit<BusOptions, 'consumers'>> = {}) {
    const bus = await factory({ retry: RETRY, prefetch: 5, observer: counter(), consumers, ...options });
    opened.push(bus);
    await bus.host.start(consumers);
    return bus;
  }

  it('routes each event to the consumers bound to its type, each getting its own copy', async () => {
    const [t1, t2, t3] = [uniqueType(), uniqueType(), uniqueType()];
    const a = recorder(uniqueName('a'), [t1, t2]);
    const b = recorder(uniqueName('b'), [t2]);
    const { publisher } = await startBus([a.consumer, b.consumer]);
    const [e1, e2, e3] = [anEvent(t1, { n: 1 }), anEvent(t2, { n: 2 }), anEvent(t3, { n: 3 })];
    await publisher.publish([e1, e2, e3]);
    // Published after the others: once they arrive, anything routed earlier has arrived too (FIFO per queue).
    const [s1, s2] = [anEvent(t1), anEvent(t2)];
    await publisher.publish([s1, s2]);

    await vi.waitFor(() => expect(ids(a.deliveries)).toContain(s2.id), WAIT);
    await vi.waitFor(() => expect(ids(b.deliveries)).toContain(s2.id), WAIT);
    expect(ids(a.deliveries).sort()).toEqual([e1.id, e2.id, s1.id, s2.id].sort());
    expect(ids(b.deliveries).sort()).toEqual([e2.id, s2.id].sort());
    expect(a.deliveries.find((d) => d.event.id === e1.id)).toMatchObject({ event: e1, attempt: 1 });
    expect(b.deliveries.find((d) => d.event.id === e2.id)).toMatchObject({ event: e2, attempt: 1 });
  });

  it('retries a failing delivery with attempts 1, 2, 3 and growing gaps, then acknowledges it', async () => {
    const observer = counter();
    const flaky = recorder(uniqueName('flaky'), [uniqueType()], async ({ attempt }) => {
      if (attempt < 3) throw new Error(`attempt ${attempt} fails`);
    });
    const { publisher, admin } = await startBus([flaky.consumer], { observer });
    const event = anEvent(flaky.consumer.eventTypes[0]!);
    await publisher.publish([event]);

    await vi.waitFor(() => expect(flaky.deliveries).toHaveLength(3), WAIT);
    expect(flaky.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(flaky.deliveries.every((d) => d.event.id === event.id)).toBe(true);
    const [t1, t2, t3] = flaky.deliveries.map((d) => d.at) as [number, number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(45);
    expect(t3 - t2).toBeGreaterThanOrEqual(140);
    expect(t3 - t2).toBeGreaterThan(t2 - t1);

    await vi.waitFor(async () => {
      const stats = await admin.stats();
      const mine = stats.queues.filter((q) => q.name.startsWith(flaky.consumer.name));
      expect(mine.map((q) => q.messages)).toEqual(mine.map(() => 0));
      expect(stats.deadLetters.total).toBe(0);
    }, WAIT);
    expect(observer.counts).toMatchObject({ retried: 2, consumed: 1, deadLettered: 0 });
    await sleep(300); // longer than any retry delay: an unacknowledged delivery would be back by now
    expect(flaky.deliveries).toHaveLength(3);
  });

  it('dead-letters after the last attempt, reports it, and replays it once fixed', async () => {
    let fixed = false;
    const broken = recorder(uniqueName('broken'), [uniqueType()], async () => {
      if (!fixed) throw new Error('handler is broken');
    });
    const retry: RetryPolicy = { maxAttempts: 3, delaysMs: [50, 150] };
    const observer = counter();
    const { publisher, admin } = await startBus([broken.consumer], { retry, observer });
    const event = anEvent(broken.consumer.eventTypes[0]!);
    await publisher.publish([event]);

    await vi.waitFor(async () => {
      const stats = await admin.stats();
      expect(stats.deadLetters.total).toBe(1);
      expect(stats.deadLetters.byQueue[broken.consumer.name]).toBe(1);
      expect(stats.queues.find((q) => q.name === `${broken.consumer.name}.dead`)?.messages).toBe(1);
      expect(stats.queues.find((q) => q.name === broken.consumer.name)?.messages).toBe(0);
    }, WAIT);
    expect(broken.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(observer.counts).toMatchObject({ retried: 2, deadLettered: 1, consumed: 0 });

    fixed = true;
    expect(await admin.replayDeadLetters(broken.consumer.name)).toBe(1);
    await vi.waitFor(() => expect(broken.deliveries).toHaveLength(4), WAIT);
    expect(broken.deliveries[3]).toMatchObject({ event, attempt: 1 });
    await vi.waitFor(async () => expect((await admin.stats()).deadLetters.total).toBe(0), WAIT);
    expect(await admin.replayDeadLetters(broken.consumer.name)).toBe(0);
  });

  it('dead-letters an UndeliverableEvent at once, without retrying', async () => {
    const picky = recorder(uniqueName('picky'), [uniqueType()], async () => {
      throw new UndeliverableEvent('payload fails validation');
    });
    const observer = counter();
    const { publisher, admin } = await startBus([picky.consumer], { observer });
    await publisher.publish([anEvent(picky.consumer.eventTypes[0]!)]);

    await vi.waitFor(async () => expect((await admin.stats()).deadLetters.byQueue[picky.consumer.name]).toBe(1), WAIT);
    expect(picky.deliveries.map((d) => d.attempt)).toEqual([1]);
    expect(observer.counts).toMatchObject({ retried: 0, deadLettered: 1 });
  });

  it('runs at most `prefetch` handlers of a consumer at once', async () => {
    const gate = opening();
    let running = 0;
    let most = 0;
    const slow = recorder(uniqueName('slow'), [uniqueType()], async () => {
      running += 1;
      most = Math.max(most, running);
      await gate.opened;
      running -= 1;
    });
    const { publisher } = await startBus([slow.consumer], { prefetch: 3 });
    const events = Array.from({ length: 8 }, () => anEvent(slow.consumer.eventTypes[0]!));
    // The in-process publish resolves only after first attempts, which wait for the gate.
    const published = publisher.publish(events);
    published.catch(() => undefined);

    await vi.waitFor(() => expect(running).toBe(3), WAIT);
    await sleep(100);
    expect(running).toBe(3);
    gate.open();
    await vi.waitFor(() => expect(slow.deliveries).toHaveLength(8), WAIT);
    await published;
    expect(most).toBe(3);
  });

  it('stops only after the handler in hand finished, and that delivery was acknowledged', async () => {
    const gate = opening();
    let running = 0;
    const worker = recorder(uniqueName('worker'), [uniqueType()], async ({ event }) => {
      if (event.payload !== 'sentinel') {
        running += 1;
        await gate.opened;
        running -= 1;
      }
    });
    const { publisher, host, admin } = await startBus([worker.consumer]);
    const event = anEvent(worker.consumer.eventTypes[0]!);
    const published = publisher.publish([event]);
    published.catch(() => undefined);
    await vi.waitFor(() => expect(running).toBe(1), WAIT);

    let stopped = false;
    const stopping = host.stop().then(() => (stopped = true));
    await sleep(150);
    expect(stopped).toBe(false);
    gate.open();
    await stopping;
    await published;
    await host.stop(); // repeated: waits for the same, finished stop
    await vi.waitFor(async () => expect((await admin.stats()).consumers).toEqual([expect.objectContaining({ status: 'stopped' })]), WAIT);

    await host.start([worker.consumer]);
    const sentinel = anEvent(worker.consumer.eventTypes[0]!, 'sentinel');
    await publisher.publish([sentinel]);
    await vi.waitFor(() => expect(ids(worker.deliveries)).toContain(sentinel.id), WAIT);
    expect(ids(worker.deliveries).filter((id) => id === event.id)).toHaveLength(1);
    expect((await admin.stats()).consumers).toEqual([
      { name: worker.consumer.name, eventTypes: worker.consumer.eventTypes, status: 'running' },
    ]);
  });

  it('answers null when replaying the dead letters of an unknown consumer', async () => {
    const { admin } = await startBus([recorder(uniqueName('known'), [uniqueType()]).consumer]);
    expect(await admin.replayDeadLetters('nope')).toBeNull();
  });

  it('delivers a duplicate publish again: delivery is at-least-once, dedupe is the consumer’s job', async () => {
    const twice = recorder(uniqueName('twice'), [uniqueType()]);
    const { publisher } = await startBus([twice.consumer]);
    const event = anEvent(twice.consumer.eventTypes[0]!);
    await publisher.publish([event]);
    await publisher.publish([event]);
    await vi.waitFor(() => expect(ids(twice.deliveries)).toEqual([event.id, event.id]), WAIT);
  });

  it('lists each consumer with its queues while it runs', async () => {
    const listed = recorder(uniqueName('listed'), [uniqueType(), uniqueType()]);
    const { admin } = await startBus([listed.consumer]);
    await vi.waitFor(async () => {
      const stats = await admin.stats();
      expect(stats.consumers).toEqual([{ name: listed.consumer.name, eventTypes: listed.consumer.eventTypes, status: 'running' }]);
      const names = stats.queues.map((q) => q.name);
      expect(names).toContain(listed.consumer.name);
      expect(names).toContain(`${listed.consumer.name}.dead`);
      expect(stats.queues.find((q) => q.name === listed.consumer.name)?.consumers).toBeGreaterThanOrEqual(1);
    }, WAIT);
  });
}

interface Recorded extends Delivery {
  readonly at: number;
}

/** A consumer that records every delivery (before running `behaviour`). */
function recorder(name: string, eventTypes: string[], behaviour: (delivery: Delivery) => Promise<void> = async () => undefined) {
  const deliveries: Recorded[] = [];
  const consumer: EventConsumer = {
    name,
    eventTypes,
    async handle(delivery) {
      deliveries.push({ ...delivery, at: performance.now() });
      await behaviour(delivery);
    },
  };
  return { consumer, deliveries };
}

function counter(): DeliveryObserver & { counts: Record<'consumed' | 'retried' | 'deadLettered', number> } {
  const counts = { consumed: 0, retried: 0, deadLettered: 0 };
  return {
    counts,
    consumed: () => void (counts.consumed += 1),
    retried: () => void (counts.retried += 1),
    deadLettered: () => void (counts.deadLettered += 1),
  };
}

function opening() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const ids = (deliveries: readonly Delivery[]) => deliveries.map((d) => d.event.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const short = () => randomUUID().slice(0, 8);
export const uniqueName = (prefix: string): string => `${prefix}-${short()}`;
export const uniqueType = (): string => `Tested${short()}`;

export function anEvent(type: string, payload: unknown = { value: short() }): DomainEvent {
  return { id: randomUUID(), type, companyId: randomUUID(), occurredAt: new Date().toISOString(), version: 1, payload };
}
