// Runs the event consumers of SPEC §3.7 on RabbitMQ: one confirm channel per consumer with
// bounded prefetch and manual acks. A failure is republished (and confirmed) to a TTL retry
// queue or the dead-letter queue before the original is acked, so a crash in between only
// duplicates. Connection recovery re-runs `setup`, which recreates channels and consumers.
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import {
  ignoreDeliveries,
  UndeliverableEvent,
  type ConsumerHost,
  type DeliveryObserver,
  type EventConsumer,
  type RetryPolicy,
} from '../../application/ports/message-bus';
import { publishConfirmed } from './confirmed-publish';
import { ATTEMPT_HEADER, attemptOf, decodeEvent, ERROR_HEADER } from './envelope';
import { guardChannel, RabbitMqConnection, silentLog, type BusLog, type ReconnectOptions } from './rabbitmq-connection';
import {
  assertConsumerNames,
  declareConsumerQueues,
  declareExchange,
  DEFAULT_EXCHANGE,
  queuesOf,
  retryQueueFor,
  topologyOptions,
  type QueueTypeOption,
} from './rabbitmq-topology';

export interface RabbitMqConsumerHostOptions {
  readonly url: string;
  readonly exchange?: string;
  /** Unacknowledged deliveries per consumer: how many of its handlers run at once. */
  readonly prefetch: number;
  readonly retry: RetryPolicy;
  readonly queueType?: QueueTypeOption;
  /** Quorum queues only: deliveries of one message (crashes included) before the broker dead-letters it. */
  readonly deliveryLimit?: number;
  readonly observer?: DeliveryObserver;
  readonly log?: BusLog;
  /** How long moving a failed message to its retry or dead-letter queue waits for the broker's confirm. */
  readonly confirmTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions;
  /** Failed connection attempts before `start` gives up (a broker that is down at start fails the deployment). */
  readonly initialMaxRetries?: number;
}

interface Subscription {
  readonly channel: ConfirmChannel;
  readonly consumerTag: string;
}

const ROLE = 'consumer-host';

export class RabbitMqConsumerHost implements ConsumerHost {
  private readonly log: BusLog;
  private readonly observer: DeliveryObserver;
  private connection: RabbitMqConnection | null = null;
  private consumers: readonly EventConsumer[] = [];
  private subscriptions: Subscription[] = [];
  private readonly inHand = new Set<Promise<void>>();
  private accepting = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: RabbitMqConsumerHostOptions) {
    // A prefetch of 0 means unlimited to the broker.
    if (!(options.prefetch >= 1)) throw new Error('prefetch must be at least 1');
    this.log = options.log ?? silentLog;
    this.observer = options.observer ?? ignoreDeliveries;
  }

  /** Connects, declares the consumers' queues and starts consuming; rejects when the broker stays unreachable. */
  async start(consumers: readonly EventConsumer[]): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.connection) throw new Error('the consumer host is already running; stop it first');
    assertConsumerNames(consumers);
    this.consumers = consumers;
    this.stopping = null;
    this.accepting = true;
    const connection = new RabbitMqConnection({
      url: this.options.url,
      role: ROLE,
      log: this.log,
      reconnect: this.options.reconnect,
      initialMaxRetries: this.options.initialMaxRetries ?? 5,
      setup: (model) => this.subscribe(model),
    });
    this.connection = connection;
    try {
      await connection.waitForConnect();
    } catch (error) {
      this.accepting = false;
      this.connection = null;
      await connection.close();
      throw error;
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.accepting = false;
    const connection = this.connection;
    await Promise.all(this.subscriptions.map(({ channel, consumerTag }) => channel.cancel(consumerTag).catch(() => undefined)));
    while (this.inHand.size > 0) await Promise.allSettled([...this.inHand]);
    // Channels are closed first: a channel's close follows its acks on the wire, while a
    // connection close can overtake them (channels are multiplexed). Closing also returns
    // deliveries that arrived after the stop began to their queues.
    await Promise.all(this.subscriptions.map(({ channel }) => channel.close().catch(() => undefined)));
    this.subscriptions = [];
    this.connection = null;
    await connection?.close();
  }

  /** Runs after every (re)connect: the previous channels died with the previous connection. */
  private async subscribe(model: ChannelModel): Promise<void> {
    const exchange = this.options.exchange ?? DEFAULT_EXCHANGE;
    const topology = topologyOptions(exchange, this.options, model.connection.serverProperties.version);
    const subscriptions: Subscription[] = [];
    for (const consumer of this.consumers) {
      const channel = guardChannel(await model.createConfirmChannel(), this.log, ROLE);
      await declareExchange(channel, exchange);
      await declareConsumerQueues(channel, consumer, topology);
      await channel.prefetch(this.options.prefetch);
      // 'error' means the broker closed this channel under a live connection; a dropped
      // connection closes channels without it, and recovery handles that on its own.
      channel.on('error', () => this.channelLost(model, consumer.name));
      const { consumerTag } = await channel.consume(consumer.name, (message) => this.receive(model, consumer, channel, message), {
        noAck: false,
      });
      subscriptions.push({ channel, consumerTag });
    }
    this.subscriptions = subscriptions;
    this.log.info?.({ role: ROLE, consumers: this.consumers.map((c) => c.name), queueType: topology.queueType }, 'consuming from RabbitMQ');
  }

  /**
   * A channel closed by the broker (a 406, a deleted queue) would leave its consumer idle
   * until the next reconnect, so force one: recovery re-runs setup.
   */
  private channelLost(model: ChannelModel, consumer: string): void {
    if (!this.accepting) return;
    this.log.warn({ role: ROLE, consumer }, 'RabbitMQ channel closed; reconnecting');
    model.close().catch(() => undefined);
  }

  private receive(model: ChannelModel, consumer: EventConsumer, channel: ConfirmChannel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (its queue was deleted): reconnecting redeclares it.
      this.channelLost(model, consumer.name);
      return;
    }
    // Not handled once stopping: unacked, it returns to the queue when the channel closes.
    if (!this.accepting) return;
    const work = this.process(consumer, channel, message);
    this.inHand.add(work);
    void work.finally(() => this.inHand.delete(work));
  }

  private async process(consumer: EventConsumer, channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const attempt = attemptOf(message.properties.headers);
    const decoded = decodeEvent(message.content);
    if (!decoded.ok) {
      await this.deadLetter(consumer, channel, message, attempt, decoded.reason);
      return;
    }
    try {
      await consumer.handle({ event: decoded.event, attempt });
    } catch (error) {
      await this.failed(consumer, channel, message, attempt, error);
      return;
    }
    this.settle(consumer, () => channel.ack(message));
    this.observer.consumed(consumer.name);
  }

  private async failed(consumer: EventConsumer, channel: ConfirmChannel, message: ConsumeMessage, attempt: number, error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof UndeliverableEvent || attempt >= this.options.retry.maxAttempts) {
      await this.deadLetter(consumer, channel, message, attempt, reason);
      return;
    }
    const queue = retryQueueFor(consumer.name, this.options.retry, attempt);
    if (await this.moveTo(consumer, channel, message, queue, { [ATTEMPT_HEADER]: attempt + 1, [ERROR_HEADER]: reason })) {
      this.observer.retried(consumer.name);
    }
  }

  private async deadLetter(consumer: EventConsumer, channel: ConfirmChannel, message: ConsumeMessage, attempt: number, reason: string) {
    const queue = queuesOf(consumer.name, this.options.retry).dead;
    if (await this.moveTo(consumer, channel, message, queue, { [ATTEMPT_HEADER]: attempt, [ERROR_HEADER]: reason })) {
      this.observer.deadLettered(consumer.name);
      this.log.warn({ consumer: consumer.name, messageId: message.properties.messageId, attempt, reason }, 'event dead-lettered');
    }
  }

  /** Publishes a copy to `queue`, waits for the broker's confirm, then acks the original. */
  private async moveTo(
    consumer: EventConsumer,
    channel: ConfirmChannel,
    message: ConsumeMessage,
    queue: string,
    headers: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      const copy = { exchange: '', routingKey: queue, content: message.content, options: copyOptions(message, headers) };
      await publishConfirmed(channel, [copy], this.options.confirmTimeoutMs ?? 10_000);
    } catch (error) {
      this.log.error({ err: error, consumer: consumer.name, queue }, 'could not move a failed delivery; it goes back to its queue');
      // A closed channel already returned the message; otherwise put it back ourselves.
      this.settle(consumer, () => channel.nack(message, false, true));
      return false;
    }
    this.settle(consumer, () => channel.ack(message));
    return true;
  }

  /** An ack on a channel whose connection dropped throws; the broker redelivers (consumers are idempotent). */
  private settle(consumer: EventConsumer, acknowledge: () => void): void {
    try {
      acknowledge();
    } catch (error) {
      this.log.warn({ err: error, consumer: consumer.name }, 'could not acknowledge a delivery; the broker will redeliver it');
    }
  }
}

function copyOptions(message: ConsumeMessage, headers: Record<string, unknown>): Options.Publish {
  const { messageId, type, contentType, timestamp } = message.properties;
  return { persistent: true, messageId, type, contentType, timestamp, headers: { ...message.properties.headers, ...headers } };
}
