// The consuming side of SPEC §3.7: named consumers, each with a durable queue of its own,
// at-least-once delivery, retries with growing delay, then a dead-letter queue. RabbitMQ
// and the in-process bus implement the same ports and pass one contract suite.
import type { DomainEvent } from '../../domain/shared/domain-event';

/** One delivery of an event to one consumer. */
export interface Delivery {
  readonly event: DomainEvent;
  /** 1 on the first delivery, counting up with each retry (a replay from the dead letters starts at 1 again). */
  readonly attempt: number;
}

/** What the bus needs to know to route events to a consumer's queue. */
export interface ConsumerSpec {
  /** Stable and unique: it names the consumer's queue (`[a-z0-9.-]+`). */
  readonly name: string;
  /** The event types (routing keys) the queue receives. */
  readonly eventTypes: readonly string[];
}

export interface EventConsumer extends ConsumerSpec {
  /**
   * Handles one delivery. Resolving acknowledges it. Throwing retries it later with a
   * growing delay and dead-letters it after the last attempt; throwing
   * `UndeliverableEvent` dead-letters it at once (no retry can help a malformed message).
   * Deliveries are at-least-once: the same event may arrive again and must change nothing.
   */
  handle(delivery: Delivery): Promise<void>;
}

/** Thrown by a consumer for a message that can never be handled as it is (it fails validation). */
export class UndeliverableEvent extends Error {
  override readonly name = 'UndeliverableEvent';
}

export interface RetryPolicy {
  /** Deliveries in all, the first included; the last failure dead-letters the message. */
  readonly maxAttempts: number;
  /** Delays before retry 1, 2, …: growing, then the last repeats (see `retryDelayMs`). */
  readonly delaysMs: readonly number[];
}

/** The delay before the retry that follows failed attempt `attempt` (1-based). */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const delay = policy.delaysMs[Math.min(Math.max(attempt, 1), policy.delaysMs.length) - 1];
  if (delay === undefined) throw new Error('a retry policy needs at least one delay');
  return delay;
}

/** Runs consumers: declares their queues and delivers to them. */
export interface ConsumerHost {
  /** Declares each consumer's queues (idempotent) and starts delivering, at most `prefetch` at a time per consumer. */
  start(consumers: readonly EventConsumer[]): Promise<void>;
  /**
   * Stops taking deliveries, waits for the ones in hand to finish and be acknowledged,
   * then releases its connections. Undelivered messages stay queued. Repeated calls wait for the same stop.
   */
  stop(): Promise<void>;
}

export interface QueueStats {
  readonly name: string;
  /** Messages ready for delivery (not counting those in hand). */
  readonly messages: number;
  /** Attached consumers (channels or in-process workers). */
  readonly consumers: number;
}

export interface ConsumerStatus {
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** `running` when at least one worker takes from its queue. */
  readonly status: 'running' | 'stopped';
}

export interface BusStats {
  /** Every queue of every known consumer: main, retry and dead-letter queues. */
  readonly queues: readonly QueueStats[];
  /** Dead letters waiting, keyed by consumer queue name. */
  readonly deadLetters: { readonly total: number; readonly byQueue: Readonly<Record<string, number>> };
  readonly consumers: readonly ConsumerStatus[];
}

/** The operator's view of the bus (`GET /admin/system`, dead-letter replay). */
export interface BusAdministration {
  /** Queue depths, dead letters and consumer status for the known consumers. */
  stats(): Promise<BusStats>;
  /**
   * Moves the dead letters of consumer queue `queue` back onto it for another full round
   * of attempts; resolves with how many moved, or null when no consumer has that queue.
   */
  replayDeadLetters(queue: string): Promise<number | null>;
}

/** Counts what happens to deliveries (Prometheus in production). */
export interface DeliveryObserver {
  consumed(consumer: string): void;
  retried(consumer: string): void;
  deadLettered(consumer: string): void;
}

export const ignoreDeliveries: DeliveryObserver = {
  consumed: () => undefined,
  retried: () => undefined,
  deadLettered: () => undefined,
};
