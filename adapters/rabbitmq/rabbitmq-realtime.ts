// Live push across API replicas on RabbitMQ (SPEC §3.8): the sender publishes each message to
// the fanout exchange `conversion.realtime`; every API replica reads it through an exclusive,
// auto-deleted queue of its own, made again after each reconnect. Messages are transient: a
// replica that was cut off from the broker misses what was published meanwhile, and is told
// when it has a queue again (`onResubscribed`) so it can send its sockets what the inbox holds
// since (a socket drops a notification it already has, so nothing arrives twice); it is told
// when the connection goes (`onDisconnected`) too, so it knows where each socket was then.
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Notification } from '../../domain/notifications/notification';
import type { RealtimeEnvelope, RealtimePublisher, RealtimeSubscriber } from '../../application/ports/realtime';
import { publishConfirmed } from './confirmed-publish';
import { guardChannel, RabbitMqConnection, SharedConfirmChannel, silentLog, type BusLog, type ReconnectOptions } from './rabbitmq-connection';

export const REALTIME_EXCHANGE = 'conversion.realtime';

export interface RabbitMqRealtimeOptions {
  readonly url: string;
  readonly exchange?: string;
  /** How long `publish` waits for a connection, then for the broker's confirm, before rejecting. */
  readonly timeoutMs?: number;
  readonly reconnect?: ReconnectOptions;
  readonly log?: BusLog;
}

/** The wire form: the envelope as JSON, the notification's dates as ISO text. */
function encode(envelope: RealtimeEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

function decode(content: Buffer): RealtimeEnvelope | null {
  try {
    const parsed = JSON.parse(content.toString('utf8')) as RealtimeEnvelope;
    if (typeof parsed?.companyId !== 'string' || typeof parsed.userId !== 'string' || typeof parsed.message?.type !== 'string') return null;
    if (parsed.message.type !== 'notification') return parsed;
    const n = parsed.message.notification as unknown as Record<string, unknown>;
    const notification: Notification = {
      ...(n as unknown as Notification),
      createdAt: new Date(n.createdAt as string),
      readAt: n.readAt === null ? null : new Date(n.readAt as string),
    };
    return { ...parsed, message: { type: 'notification', notification } };
  } catch {
    return null;
  }
}

export class RabbitMqRealtimePublisher implements RealtimePublisher {
  private readonly exchange: string;
  private readonly connection: RabbitMqConnection;
  private readonly channel: SharedConfirmChannel;

  constructor(private readonly options: RabbitMqRealtimeOptions) {
    this.exchange = options.exchange ?? REALTIME_EXCHANGE;
    this.connection = new RabbitMqConnection({
      url: options.url,
      role: 'realtime-publisher',
      log: options.log ?? silentLog,
      reconnect: options.reconnect,
      setup: async (model) => {
        const channel = await model.createChannel();
        await channel.assertExchange(this.exchange, 'fanout', { durable: true });
        await channel.close();
      },
    });
    this.channel = new SharedConfirmChannel(this.connection, options.timeoutMs ?? 5_000);
  }

  async publish(envelope: RealtimeEnvelope): Promise<void> {
    const channel = await this.channel.get();
    await publishConfirmed(channel, [{ exchange: this.exchange, routingKey: '', content: encode(envelope), options: { contentType: 'application/json' } }], this.options.timeoutMs ?? 5_000);
  }

  async close(): Promise<void> {
    this.channel.forget();
    await this.connection.close();
  }
}

export class RabbitMqRealtimeSubscriber implements RealtimeSubscriber {
  private readonly exchange: string;
  private readonly handlers = new Set<(envelope: RealtimeEnvelope) => void>();
  private connection: RabbitMqConnection | null = null;
  private subscribedOnce = false;

  /**
   * `onDisconnected`: the connection was lost, so messages pass this replica by from now on.
   * `onResubscribed`: a reconnect made the queue again (not called for the first subscribe).
   */
  constructor(
    private readonly options: RabbitMqRealtimeOptions & { readonly onDisconnected?: () => void; readonly onResubscribed?: () => void },
  ) {
    this.exchange = options.exchange ?? REALTIME_EXCHANGE;
  }

  async subscribe(handler: (envelope: RealtimeEnvelope) => void): Promise<() => Promise<void>> {
    const own = (envelope: RealtimeEnvelope) => handler(envelope);
    this.handlers.add(own);
    this.connection ??= this.connect();
    await this.connection.waitForConnect();
    return async () => {
      this.handlers.delete(own);
      if (this.handlers.size === 0) await this.close();
    };
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    this.subscribedOnce = false;
    await connection?.close();
  }

  private connect(): RabbitMqConnection {
    const log = this.options.log ?? silentLog;
    return new RabbitMqConnection({
      url: this.options.url,
      role: 'realtime-subscriber',
      log,
      reconnect: this.options.reconnect,
      onDisconnect: this.options.onDisconnected,
      setup: async (model) => {
        const channel: Channel = guardChannel(await model.createChannel(), log, 'realtime-subscriber');
        await channel.assertExchange(this.exchange, 'fanout', { durable: true });
        const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
        await channel.bindQueue(queue, this.exchange, '');
        await channel.consume(queue, (message: ConsumeMessage | null) => this.deliver(message), { noAck: true });
        if (this.subscribedOnce) this.options.onResubscribed?.();
        this.subscribedOnce = true;
      },
    });
  }

  private deliver(message: ConsumeMessage | null): void {
    if (!message) return;
    const envelope = decode(message.content);
    if (!envelope) {
      (this.options.log ?? silentLog).warn({ exchange: this.exchange }, 'dropped a realtime message that is not an envelope');
      return;
    }
    for (const handler of this.handlers) handler(envelope);
  }
}
