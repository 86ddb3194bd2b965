// The operator's view of the RabbitMQ bus for the API process, which publishes but does not
// consume: queue depths through passive declares, and dead-letter replay.
import type { ConfirmChannel, GetMessage, Options } from 'amqplib';
import type { BusAdministration, BusStats, ConsumerSpec, QueueStats, RetryPolicy } from '../../application/ports/message-bus';
import { publishConfirmed } from './confirmed-publish';
import { ATTEMPT_HEADER, ERROR_HEADER } from './envelope';
import { RabbitMqConnection, replyCode, silentLog, type BusLog, type ReconnectOptions } from './rabbitmq-connection';
import { queuesOf } from './rabbitmq-topology';

export interface RabbitMqBusAdministrationOptions {
  readonly url: string;
  /** The consumers whose queues it reports on (the worker's list). */
  readonly consumers: readonly ConsumerSpec[];
  readonly retry: RetryPolicy;
  readonly connectTimeoutMs?: number;
  readonly confirmTimeoutMs?: number;
  /** Dead letters moved per confirm round trip during a replay. */
  readonly replayBatchSize?: number;
  readonly reconnect?: ReconnectOptions;
  readonly log?: BusLog;
}

const NOT_FOUND = 404;

export class RabbitMqBusAdministration implements BusAdministration {
  private readonly connection: RabbitMqConnection;

  constructor(private readonly options: RabbitMqBusAdministrationOptions) {
    // Connects on first use and, through recovery, again after a drop.
    this.connection = new RabbitMqConnection({
      url: options.url,
      role: 'bus-administration',
      log: options.log ?? silentLog,
      reconnect: options.reconnect,
    });
  }

  async stats(): Promise<BusStats> {
    const queues: QueueStats[] = [];
    const byQueue: Record<string, number> = {};
    const consumers: BusStats['consumers'][number][] = [];
    await this.session(async (session) => {
      for (const spec of this.options.consumers) {
        const names = queuesOf(spec.name, this.options.retry);
        const main = await session.inspect(names.main);
        queues.push(main);
        for (const retry of names.retries) queues.push(await session.inspect(retry.name));
        const dead = await session.inspect(names.dead);
        queues.push(dead);
        byQueue[spec.name] = dead.messages;
        consumers.push({ name: spec.name, eventTypes: spec.eventTypes, status: main.consumers > 0 ? 'running' : 'stopped' });
      }
    });
    const total = Object.values(byQueue).reduce((sum, n) => sum + n, 0);
    return { queues, deadLetters: { total, byQueue }, consumers };
  }

  /** Moves the dead letters present when the call began (not those failing again meanwhile) back to the main queue. */
  async replayDeadLetters(queue: string): Promise<number | null> {
    const spec = this.options.consumers.find((c) => c.name === queue);
    if (!spec) return null;
    const names = queuesOf(spec.name, this.options.retry);
    const batchSize = this.options.replayBatchSize ?? 100;
    return this.session(async (session) => {
      const waiting = (await session.inspect(names.dead)).messages;
      const channel = session.channel;
      let moved = 0;
      while (moved < waiting) {
        const batch: GetMessage[] = [];
        while (batch.length < Math.min(batchSize, waiting - moved)) {
          const message = await channel.get(names.dead, { noAck: false });
          if (message === false) break;
          batch.push(message);
        }
        if (batch.length === 0) break;
        const copies = batch.map((message) => ({ exchange: '', routingKey: names.main, content: message.content, options: replayOptions(message) }));
        await publishConfirmed(channel, copies, this.options.confirmTimeoutMs ?? 10_000);
        // Acked only once the copies are confirmed: a failure before leaves them dead letters
        // (closing the channel returns them), a crash after only duplicates.
        for (const message of batch) channel.ack(message);
        moved += batch.length;
      }
      return moved;
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** A channel per call, closed afterwards: gets must be acked on the channel that took them. */
  private async session<T>(work: (session: InspectionSession) => Promise<T>): Promise<T> {
    const open = () => this.connection.confirmChannel(this.options.connectTimeoutMs ?? 5_000);
    const session = new InspectionSession(open, await open());
    try {
      return await work(session);
    } finally {
      await session.channel.close().catch(() => undefined);
    }
  }
}

class InspectionSession {
  constructor(
    private readonly open: () => Promise<ConfirmChannel>,
    public channel: ConfirmChannel,
  ) {}

  /** Depth and consumers of a queue; one that does not exist yet counts as empty. */
  async inspect(name: string): Promise<QueueStats> {
    try {
      const { messageCount, consumerCount } = await this.channel.checkQueue(name);
      return { name, messages: messageCount, consumers: consumerCount };
    } catch (error) {
      if (replyCode(error) !== NOT_FOUND) throw error;
      // The broker closes the channel of a passive declare that found nothing.
      this.channel = await this.open();
      return { name, messages: 0, consumers: 0 };
    }
  }
}

function replayOptions(message: GetMessage): Options.Publish {
  const { messageId, type, contentType, timestamp } = message.properties;
  const headers: Record<string, unknown> = { ...message.properties.headers, [ATTEMPT_HEADER]: 1 };
  delete headers[ERROR_HEADER];
  return { persistent: true, messageId, type, contentType, timestamp, headers };
}
