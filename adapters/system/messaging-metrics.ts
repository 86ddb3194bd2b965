// Prometheus figures for SPEC §3.7/§3.13: outbox lag, published events, and per consumer
// the consumed, retried and dead-lettered deliveries, plus queue depths read at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BusStats, DeliveryObserver } from '../../application/ports/message-bus';
import type { OutboxLag } from '../../application/ports/outbox';

export interface MessagingSources {
  readonly outboxLag: () => Promise<OutboxLag>;
  readonly now: () => Date;
}

export class PrometheusMessagingMetrics implements DeliveryObserver {
  private readonly publishedTotal: Counter;
  private readonly consumedTotal: Counter<'consumer'>;
  private readonly retriedTotal: Counter<'consumer'>;
  private readonly deadLetteredTotal: Counter<'consumer'>;

  constructor(
    private readonly registry: Registry,
    sources: MessagingSources,
  ) {
    const registers = [registry];
    this.publishedTotal = new Counter({ name: 'outbox_published_events_total', help: 'Events the relay published and saw confirmed', registers });
    this.consumedTotal = new Counter({ name: 'events_consumed_total', help: 'Deliveries handled and acknowledged, per consumer', labelNames: ['consumer'], registers });
    this.retriedTotal = new Counter({ name: 'events_retried_total', help: 'Deliveries that failed and were scheduled for another attempt', labelNames: ['consumer'], registers });
    this.deadLetteredTotal = new Counter({ name: 'events_dead_lettered_total', help: 'Deliveries moved to the dead-letter queue', labelNames: ['consumer'], registers });

    const pending = new Gauge({ name: 'outbox_pending_events', help: 'Events written but not yet published', registers });
    new Gauge({
      name: 'outbox_oldest_pending_seconds',
      help: 'Age of the oldest unpublished event (outbox lag)',
      registers,
      async collect() {
        const lag = await sources.outboxLag().catch(() => null);
        if (!lag) return;
        pending.set(lag.pending);
        this.set(lag.oldestOccurredAt ? Math.max(0, (sources.now().getTime() - lag.oldestOccurredAt.getTime()) / 1000) : 0);
      },
    });
  }

  published(count: number): void {
    this.publishedTotal.inc(count);
  }

  consumed(consumer: string): void {
    this.consumedTotal.inc({ consumer });
  }

  retried(consumer: string): void {
    this.retriedTotal.inc({ consumer });
  }

  deadLettered(consumer: string): void {
    this.deadLetteredTotal.inc({ consumer });
  }

  /** Adds queue-depth gauges read from the bus at scrape time (the bus is built after this observer). */
  watchBus(busStats: () => Promise<BusStats>): void {
    const registers = [this.registry];
    // Both gauges collect concurrently in one scrape: they share one read of the bus. An
    // unreachable broker leaves the figures out rather than failing the scrape.
    let reading: Promise<BusStats | null> | null = null;
    const read = () => {
      reading ??= busStats()
        .catch(() => null)
        .finally(() => setImmediate(() => (reading = null)));
      return reading;
    };
    new Gauge({
      name: 'bus_queue_messages',
      help: 'Messages ready in each queue (queue depth)',
      labelNames: ['queue'],
      registers,
      async collect() {
        const stats = await read();
        this.reset();
        for (const queue of stats?.queues ?? []) this.set({ queue: queue.name }, queue.messages);
      },
    });
    new Gauge({
      name: 'bus_dead_letters',
      help: 'Dead letters waiting, per consumer queue',
      labelNames: ['queue'],
      registers,
      async collect() {
        const stats = await read();
        this.reset();
        for (const [queue, count] of Object.entries(stats?.deadLetters.byQueue ?? {})) this.set({ queue }, count);
      },
    });
  }
}
