// The relay's EventPublisher on RabbitMQ (SPEC §3.7): persistent messages on the topic
// exchange, routing key = event type, resolved only once the broker confirmed every one.
import type { EventPublisher } from '../../application/ports/event-publisher';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { publishConfirmed } from './confirmed-publish';
import { encodeEvent, publishOptions } from './envelope';
import { RabbitMqConnection, SharedConfirmChannel, silentLog, type BusLog, type ReconnectOptions } from './rabbitmq-connection';
import { DEFAULT_EXCHANGE, declareTopology, type ConsumerTopology } from './rabbitmq-topology';

export interface RabbitMqEventPublisherOptions {
  readonly url: string;
  readonly exchange?: string;
  /** How long `publish` waits for a connection before rejecting (the relay retries on its next tick). */
  readonly connectTimeoutMs?: number;
  /** How long `publish` waits without any confirm arriving before rejecting. */
  readonly confirmTimeoutMs?: number;
  /** Consumer queues to declare as well, so events published before any worker ever started are kept. */
  readonly topology?: ConsumerTopology;
  readonly reconnect?: ReconnectOptions;
  readonly log?: BusLog;
}

export class RabbitMqEventPublisher implements EventPublisher {
  private readonly exchange: string;
  private readonly connection: RabbitMqConnection;
  private readonly channel: SharedConfirmChannel;

  constructor(private readonly options: RabbitMqEventPublisherOptions) {
    this.exchange = options.exchange ?? DEFAULT_EXCHANGE;
    this.connection = new RabbitMqConnection({
      url: options.url,
      role: 'event-publisher',
      log: options.log ?? silentLog,
      reconnect: options.reconnect,
      setup: (model) => declareTopology(model, this.exchange, options.topology),
    });
    this.channel = new SharedConfirmChannel(this.connection, options.connectTimeoutMs ?? 5_000);
  }

  /** Resolves once the broker confirmed every event; rejects on a nack, a dropped connection or a timeout. */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const channel = await this.channel.get();
    const messages = events.map((event) => ({
      exchange: this.exchange,
      routingKey: event.type,
      content: encodeEvent(event),
      options: publishOptions(event),
    }));
    await publishConfirmed(channel, messages, this.options.confirmTimeoutMs ?? 10_000);
  }

  async close(): Promise<void> {
    this.channel.forget();
    await this.connection.close();
  }
}
