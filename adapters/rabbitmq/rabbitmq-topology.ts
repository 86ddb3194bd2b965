// The broker side of SPEC §3.7: a topic exchange, and per consumer a main queue bound to its
// event types, one TTL retry queue per distinct delay (expiring back into the main queue)
// and a dead-letter queue. Declared idempotently after every (re)connect.
import type { Channel, ChannelModel, Options } from 'amqplib';
import { retryDelayMs, type ConsumerSpec, type RetryPolicy } from '../../application/ports/message-bus';

export const DEFAULT_EXCHANGE = 'conversion.events';
/** Generous: connection cuts also count as deliveries, and retries never do (they are acked copies). */
export const DEFAULT_DELIVERY_LIMIT = 20;

export type QueueTypeOption = 'auto' | 'quorum' | 'classic';
export type QueueType = 'quorum' | 'classic';

export interface TopologyOptions {
  readonly exchange: string;
  readonly retry: RetryPolicy;
  readonly queueType: QueueType;
  /** Quorum only: deliveries of one message (crashes included) before the broker dead-letters it. */
  readonly deliveryLimit: number;
}

export interface ConsumerQueues {
  readonly main: string;
  readonly retries: readonly { readonly name: string; readonly delayMs: number }[];
  readonly dead: string;
}

const NAME = /^[a-z0-9.-]+$/;

export function assertConsumerNames(consumers: readonly ConsumerSpec[]): void {
  const seen = new Set<string>();
  for (const { name } of consumers) {
    if (!NAME.test(name)) throw new Error(`consumer name "${name}" must match ${NAME}`);
    if (seen.has(name)) throw new Error(`consumer name "${name}" is used twice`);
    seen.add(name);
  }
}

export function queuesOf(name: string, retry: RetryPolicy): ConsumerQueues {
  const delays = [...new Set(retry.delaysMs)];
  return {
    main: name,
    retries: delays.map((delayMs) => ({ name: retryQueueName(name, delayMs), delayMs })),
    dead: `${name}.dead`,
  };
}

/** The retry queue that holds a message whose attempt `attempt` just failed. */
export function retryQueueFor(name: string, retry: RetryPolicy, attempt: number): string {
  return retryQueueName(name, retryDelayMs(retry, attempt));
}

const retryQueueName = (name: string, delayMs: number) => `${name}.retry.${Math.round(delayMs)}`;

/**
 * Quorum queues gained message TTL and at-least-once dead-lettering in RabbitMQ 3.10; the
 * retry queues need both, so older brokers get classic durable queues.
 */
export function resolveQueueType(option: QueueTypeOption, serverVersion: string | undefined): QueueType {
  if (option !== 'auto') return option;
  const [major = 0, minor = 0] = (serverVersion ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major > 3 || (major === 3 && minor >= 10) ? 'quorum' : 'classic';
}

function deadLetteringTo(routingKey: string, type: QueueType): Record<string, unknown> {
  const args: Record<string, unknown> = { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': routingKey };
  // At-least-once dead-lettering keeps a message in its source queue until the target
  // confirmed it; it requires reject-publish overflow.
  if (type === 'quorum') Object.assign(args, { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' });
  return args;
}

function queueOptions(type: QueueType, args: Record<string, unknown>): Options.AssertQueue {
  return { durable: true, arguments: type === 'quorum' ? { 'x-queue-type': 'quorum', ...args } : args };
}

export async function declareExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

export async function declareConsumerQueues(channel: Channel, spec: ConsumerSpec, options: TopologyOptions): Promise<ConsumerQueues> {
  const queues = queuesOf(spec.name, options.retry);
  const { queueType } = options;
  await channel.assertQueue(queues.dead, queueOptions(queueType, {}));
  const mainArgs =
    queueType === 'quorum' ? { 'x-delivery-limit': options.deliveryLimit, ...deadLetteringTo(queues.dead, queueType) } : {};
  await channel.assertQueue(queues.main, queueOptions(queueType, mainArgs));
  for (const retry of queues.retries) {
    await channel.assertQueue(retry.name, queueOptions(queueType, { 'x-message-ttl': retry.delayMs, ...deadLetteringTo(queues.main, queueType) }));
  }
  for (const type of spec.eventTypes) await channel.bindQueue(queues.main, options.exchange, type);
  return queues;
}

/** Settings every process that declares consumer queues must share (a mismatch is a 406 from the broker). */
export interface ConsumerTopology {
  readonly consumers: readonly ConsumerSpec[];
  readonly retry: RetryPolicy;
  readonly queueType?: QueueTypeOption;
  readonly deliveryLimit?: number;
}

/** Declares the exchange and, when given, every consumer's queues on a short-lived channel. */
export async function declareTopology(model: ChannelModel, exchange: string, topology: ConsumerTopology | undefined): Promise<void> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined); // a failed declaration rejects below; the event adds nothing
  try {
    await declareExchange(channel, exchange);
    if (topology) {
      const options = topologyOptions(exchange, topology, model.connection.serverProperties.version);
      for (const spec of topology.consumers) await declareConsumerQueues(channel, spec, options);
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}

export function topologyOptions(exchange: string, topology: Omit<ConsumerTopology, 'consumers'>, serverVersion: string | undefined): TopologyOptions {
  return {
    exchange,
    retry: topology.retry,
    queueType: resolveQueueType(topology.queueType ?? 'auto', serverVersion),
    deliveryLimit: topology.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT,
  };
}
