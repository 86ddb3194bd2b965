// RealtimePublisher and RealtimeSubscriber: in-process, and on RabbitMQ's fanout exchange
// (one connection per side, as a worker and two API replicas have). Every subscriber gets every
// envelope once, notifications keep their dates, and a subscriber cut off from the broker
// subscribes again by itself and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessRealtime } from '../../adapters/memory/in-process-realtime';
import { RabbitMqRealtimePublisher, RabbitMqRealtimeSubscriber } from '../../adapters/rabbitmq/rabbitmq-realtime';
import type { RealtimeEnvelope, RealtimePublisher, RealtimeSubscriber } from '../../application/ports/realtime';
import type { Notification } from '../../domain/notifications/notification';
import { eventually } from '../support/eventually';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';

const notification = (id: string): Notification => ({
  id, companyId: 'c1', userId: 'u1', trigger: 'price_drop', title: 'Price drop: Boot', body: 'Boot is now 99.00 EUR.', data: { productId: 'p1' },
  createdAt: new Date('2026-12-06T10:00:00.123Z'), readAt: null,
});
const envelope = (id: string): RealtimeEnvelope => ({ companyId: 'c1', userId: 'u1', message: { type: 'notification', notification: notification(id) } });

interface Sides {
  publisher: RealtimePublisher;
  subscribers: [RealtimeSubscriber, RealtimeSubscriber];
}

function realtimeContract(sides: () => Sides): void {
  it('hands every envelope to every subscriber once, in order, dates as dates', async () => {
    const { publisher, subscribers } = sides();
    const got: RealtimeEnvelope[][] = [[], []];
    const stops = await Promise.all(subscribers.map((s, i) => s.subscribe((e) => got[i]!.push(e))));
    for (const id of ['n1', 'n2', 'n3']) await publisher.publish(envelope(id));
    await eventually(async () => got.map((g) => g.length), (lengths) => lengths.every((n) => n >= 3), 'both subscribers got three');
    for (const g of got) expect(g).toEqual(['n1', 'n2', 'n3'].map(envelope));
    await Promise.all(stops.map((stop) => stop()));
  });

  it('stops handing envelopes to a subscription once stopped', async () => {
    const { publisher, subscribers } = sides();
    const stopped: RealtimeEnvelope[] = [];
    const kept: RealtimeEnvelope[] = [];
    const stop = await subscribers[0].subscribe((e) => stopped.push(e));
    const stopKept = await subscribers[1].subscribe((e) => kept.push(e));
    await stop();
    await publisher.publish(envelope('n9'));
    await eventually(async () => kept.length, (n) => n === 1, 'the kept subscription got it');
    expect(stopped).toEqual([]);
    await stopKept();
  });
}

describe('realtime [in-process]', () => {
  const realtime = new InProcessRealtime();
  realtimeContract(() => ({ publisher: realtime, subscribers: [realtime, realtime] }));
});

describe.runIf(await rabbitAvailable())('realtime [RabbitMQ]', () => {
  let vhost: TestVhost;
  let sides: Sides | undefined;
  const resubscribed: [number, number] = [0, 0];
  const disconnected: [number, number] = [0, 0];
  beforeAll(async () => {
    vhost = await openVhost();
    const reconnect = { initialDelayMs: 50, maxDelayMs: 200 };
    const subscriberOf = (i: 0 | 1) =>
      new RabbitMqRealtimeSubscriber({ url: vhost.url, reconnect, onDisconnected: () => (disconnected[i] += 1), onResubscribed: () => (resubscribed[i] += 1) });
    sides = {
      publisher: new RabbitMqRealtimePublisher({ url: vhost.url, reconnect }),
      subscribers: [subscriberOf(0), subscriberOf(1)],
    };
  });
  afterAll(async () => {
    await (sides?.publisher as RabbitMqRealtimePublisher | undefined)?.close();
    for (const s of sides?.subscribers ?? []) await (s as RabbitMqRealtimeSubscriber).close();
    await vhost?.delete();
  });
  realtimeContract(() => sides!);

  it('says when the broker dropped its connection, subscribes again by itself, says so, and delivers again', async () => {
    const { publisher, subscribers } = sides!;
    const got: RealtimeEnvelope[] = [];
    const stop = await subscribers[0].subscribe((e) => got.push(e));
    await vhost.closeAllConnections();
    await eventually(async () => resubscribed[0], (n) => n >= 1, 'the subscriber made its queue again');
    expect(disconnected[0]).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => {
        await publisher.publish(envelope('after')).catch(() => undefined);
        return got.length;
      },
      (n) => n >= 1,
      'a message published after the cut arrives',
    );
    expect(got.every((e) => e.message.type === 'notification' && e.message.notification.id === 'after')).toBe(true);
    await stop();
  });
});
