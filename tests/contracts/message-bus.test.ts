import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventConsumer } from '../../application/ports/message-bus';
import { InProcessMessageBus } from '../../adapters/memory/in-process-message-bus';
import { RabbitMqBusAdministration } from '../../adapters/rabbitmq/rabbitmq-bus-administration';
import { RabbitMqConsumerHost } from '../../adapters/rabbitmq/rabbitmq-consumer-host';
import { RabbitMqEventPublisher } from '../../adapters/rabbitmq/rabbitmq-event-publisher';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { anEvent, messageBusContract, uniqueName, uniqueType } from './message-bus.contract';

describe('message bus [in-process]', () => {
  messageBusContract(async ({ retry, prefetch, observer }) => {
    const bus = new InProcessMessageBus({ retry, prefetch, observer });
    return { publisher: bus, host: bus, admin: bus, close: () => bus.stop() };
  });

  const gated = (name: string, type: string) => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const handled: string[] = [];
    const consumer: EventConsumer = {
      name,
      eventTypes: [type],
      async handle({ event }) {
        await opened;
        handled.push(event.id);
      },
    };
    return { consumer, open, handled };
  };

  it('resolves a publish only after the first attempt of every delivery ran', async () => {
    const bus = new InProcessMessageBus({ retry: { maxAttempts: 2, delaysMs: [10] }, prefetch: 1 });
    const type = uniqueType();
    const { consumer, open, handled } = gated(uniqueName('gated'), type);
    await bus.start([consumer]);
    let resolved = false;
    const published = bus.publish([anEvent(type), anEvent(type)]).then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resolved).toBe(false);
    open();
    await published;
    expect(handled).toHaveLength(2);
    await bus.stop();
  });

  it('rejects a publish whose deliveries will not run because the bus stopped (the outbox keeps them)', async () => {
    const bus = new InProcessMessageBus({ retry: { maxAttempts: 2, delaysMs: [10] }, prefetch: 1 });
    const type = uniqueType();
    const { consumer, open } = gated(uniqueName('gated'), type);
    await bus.start([consumer]);
    const published = bus.publish([anEvent(type), anEvent(type)]);
    published.catch(() => undefined);
    await vi.waitFor(async () => expect((await bus.stats()).queues[0]?.messages).toBe(1));
    const stopping = bus.stop();
    await expect(published).rejects.toThrow(/stopped/);
    open();
    await stopping;
    await expect(bus.publish([anEvent(type)])).rejects.toThrow(/stopped/);
  });

  it('drops events no consumer is bound to, like an exchange without a bound queue', async () => {
    const bus = new InProcessMessageBus({ retry: { maxAttempts: 2, delaysMs: [10] }, prefetch: 1 });
    await expect(bus.publish([anEvent(uniqueType())])).resolves.toBeUndefined();
    expect((await bus.stats()).queues).toEqual([]);
  });
});

const rabbit = await rabbitAvailable();

describe.runIf(rabbit)('message bus [RabbitMQ]', () => {
  let vhost: TestVhost;
  beforeAll(async () => {
    vhost = await openVhost();
  });
  afterAll(async () => {
    await vhost?.delete();
  });

  messageBusContract(async ({ retry, prefetch, consumers, observer }) => {
    const exchange = 'contract.events'; // the exchange name is configurable; each file has its own vhost anyway
    const reconnect = { initialDelayMs: 50, maxDelayMs: 500 };
    const publisher = new RabbitMqEventPublisher({ url: vhost.url, exchange, reconnect });
    const host = new RabbitMqConsumerHost({ url: vhost.url, exchange, prefetch, retry, observer, reconnect });
    const admin = new RabbitMqBusAdministration({ url: vhost.url, consumers, retry, reconnect });
    return {
      publisher,
      host,
      admin,
      async close() {
        await host.stop();
        await Promise.all([publisher.close(), admin.close()]);
      },
    };
  });
});
