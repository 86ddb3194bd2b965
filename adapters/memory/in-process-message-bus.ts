// The embedded default of SPEC §3.7 (no AMQP_URL): the RabbitMQ bus's semantics in memory.
// A queue per consumer, routing by exact event type, bounded concurrency, retries on timers,
// dead letters and replay. Nothing survives the process; the outbox covers that: a publish
// resolves only after each delivery's first attempt, so the relay marks rows published once
// their side effects ran.
import type { EventPublisher } from '../../application/ports/event-publisher';
import {
  ignoreDeliveries,
  retryDelayMs,
  UndeliverableEvent,
  type BusAdministration,
  type BusStats,
  type ConsumerHost,
  type DeliveryObserver,
  type EventConsumer,
  type QueueStats,
  type RetryPolicy,
} from '../../application/ports/message-bus';
import type { DomainEvent } from '../../domain/shared/domain-event';

export interface InProcessBusLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface InProcessMessageBusOptions {
  readonly retry: RetryPolicy;
  /** Handlers of one consumer running at once. */
  readonly prefetch: number;
  readonly observer?: DeliveryObserver;
  readonly log?: InProcessBusLog;
}

/** Settles the publish that is waiting for this delivery's first attempt. */
interface FirstAttempt {
  resolve(): void;
  reject(error: Error): void;
}

interface Message {
  readonly event: DomainEvent;
  readonly attempt: number;
  firstAttempt?: FirstAttempt;
}

interface DeadLetter {
  readonly event: DomainEvent;
  readonly attempt: number;
  readonly error: string;
}

interface Queue {
  consumer: EventConsumer;
  /** Its consumer was in the latest `start`; an inactive queue keeps what it holds but receives nothing new. */
  active: boolean;
  readonly ready: Message[];
  readonly retrying: Map<NodeJS.Timeout, Message>;
  readonly dead: DeadLetter[];
  running: number;
}

const NAME = /^[a-z0-9.-]+$/;

export class InProcessMessageBus implements EventPublisher, ConsumerHost, BusAdministration {
  private readonly queues = new Map<string, Queue>();
  private readonly inHand = new Set<Promise<void>>();
  private readonly observer: DeliveryObserver;
  private readonly log: InProcessBusLog;
  private state: 'stopped' | 'running' = 'stopped';
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: InProcessMessageBusOptions) {
    if (!(options.prefetch >= 1)) throw new Error('prefetch must be at least 1');
    this.observer = options.observer ?? ignoreDeliveries;
    this.log = options.log ?? { warn: () => undefined, error: () => undefined };
  }

  /** Resolves once every delivery of these events had its first attempt; rejects when the bus stops first. */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    const targets = events.map((event) => ({ event, queues: this.queuesFor(event.type) }));
    if (targets.every((t) => t.queues.length === 0)) return; // like an exchange with no bound queue
    if (this.state !== 'running') throw new Error('the in-process bus is stopped');
    const firstAttempts: Promise<void>[] = [];
    for (const { event, queues } of targets) {
      for (const queue of queues) {
        firstAttempts.push(
          new Promise<void>((resolve, reject) => {
            // Each consumer gets its own copy, as it would from a broker.
            queue.ready.push({ event: structuredClone(event), attempt: 1, firstAttempt: { resolve, reject } });
          }),
        );
      }
    }
    for (const queue of this.queues.values()) this.pump(queue);
    await Promise.all(firstAttempts);
  }

  async start(consumers: readonly EventConsumer[]): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.state === 'running') throw new Error('the in-process bus is already running; stop it first');
    assertNames(consumers);
    for (const queue of this.queues.values()) queue.active = false;
    for (const consumer of consumers) {
      const queue = this.queues.get(consumer.name);
      if (queue) Object.assign(queue, { consumer, active: true });
      else this.queues.set(consumer.name, { consumer, active: true, ready: [], retrying: new Map(), dead: [], running: 0 });
    }
    this.stopping = null;
    this.state = 'running';
    for (const queue of this.queues.values()) this.pump(queue);
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  async stats(): Promise<BusStats> {
    const queues: QueueStats[] = [];
    const byQueue: Record<string, number> = {};
    const consumers: BusStats['consumers'][number][] = [];
    for (const [name, queue] of this.queues) {
      const workers = this.state === 'running' && queue.active ? 1 : 0;
      queues.push(
        { name, messages: queue.ready.length, consumers: workers },
        { name: `${name}.retry`, messages: queue.retrying.size, consumers: 0 },
        { name: `${name}.dead`, messages: queue.dead.length, consumers: 0 },
      );
      byQueue[name] = queue.dead.length;
      consumers.push({ name, eventTypes: queue.consumer.eventTypes, status: workers > 0 ? 'running' : 'stopped' });
    }
    const total = Object.values(byQueue).reduce((sum, n) => sum + n, 0);
    return { queues, deadLetters: { total, byQueue }, consumers };
  }

  async replayDeadLetters(name: string): Promise<number | null> {
    const queue = this.queues.get(name);
    if (!queue) return null;
    const letters = queue.dead.splice(0);
    for (const letter of letters) queue.ready.push({ event: letter.event, attempt: 1 });
    this.pump(queue);
    return letters.length;
  }

  private async shutdown(): Promise<void> {
    this.state = 'stopped';
    const stopped = new Error('the in-process bus stopped before delivering; the events stay in the outbox');
    for (const queue of this.queues.values()) {
      // A pending retry stays queued (for a restart) instead of firing into a stopped bus.
      for (const [timer, message] of queue.retrying) {
        clearTimeout(timer);
        queue.ready.push(message);
      }
      queue.retrying.clear();
      for (const message of queue.ready) {
        message.firstAttempt?.reject(stopped);
        delete message.firstAttempt;
      }
    }
    while (this.inHand.size > 0) await Promise.allSettled([...this.inHand]);
  }

  private queuesFor(type: string): Queue[] {
    return [...this.queues.values()].filter((queue) => queue.active && queue.consumer.eventTypes.includes(type));
  }

  private pump(queue: Queue): void {
    while (this.state === 'running' && queue.active && queue.running < this.options.prefetch) {
      const message = queue.ready.shift();
      if (!message) return;
      queue.running += 1;
      const work = this.deliver(queue, message).finally(() => {
        queue.running -= 1;
        this.inHand.delete(work);
        this.pump(queue);
      });
      this.inHand.add(work);
    }
  }

  private async deliver(queue: Queue, message: Message): Promise<void> {
    const name = queue.consumer.name;
    try {
      await queue.consumer.handle({ event: message.event, attempt: message.attempt });
      this.observer.consumed(name);
    } catch (error) {
      this.failed(queue, message, error);
    } finally {
      message.firstAttempt?.resolve();
      delete message.firstAttempt;
    }
  }

  private failed(queue: Queue, message: Message, error: unknown): void {
    const name = queue.consumer.name;
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof UndeliverableEvent || message.attempt >= this.options.retry.maxAttempts) {
      queue.dead.push({ event: message.event, attempt: message.attempt, error: reason });
      this.observer.deadLettered(name);
      this.log.warn({ consumer: name, eventId: message.event.id, attempt: message.attempt, reason }, 'event dead-lettered');
      return;
    }
    const retry: Message = { event: message.event, attempt: message.attempt + 1 };
    const timer = setTimeout(() => {
      queue.retrying.delete(timer);
      queue.ready.push(retry);
      this.pump(queue);
    }, retryDelayMs(this.options.retry, message.attempt));
    queue.retrying.set(timer, retry);
    this.observer.retried(name);
  }
}

function assertNames(consumers: readonly EventConsumer[]): void {
  const seen = new Set<string>();
  for (const { name } of consumers) {
    if (!NAME.test(name)) throw new Error(`consumer name "${name}" must match ${NAME}`);
    if (seen.has(name)) throw new Error(`consumer name "${name}" is used twice`);
    seen.add(name);
  }
}
