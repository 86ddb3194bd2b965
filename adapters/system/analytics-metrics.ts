// Prometheus figures for SDK ingestion (SPEC §3.9, §3.13): events by outcome, and the lag of
// events acknowledged but not yet queryable (the ClickHouse journal), read at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IngestionObserver } from '../../application/analytics/ingest-events';

export interface IngestionLagSource {
  /** Seconds since the oldest acknowledged event not yet queryable was received; 0 when none. */
  readonly lagSeconds: () => Promise<number>;
}

export class PrometheusIngestionMetrics implements IngestionObserver {
  private readonly events: Counter<'outcome'>;

  constructor(registry: Registry, source: IngestionLagSource) {
    const registers = [registry];
    this.events = new Counter({
      name: 'analytics_events_total',
      help: 'SDK events by outcome: accepted (stored), duplicate (messageId seen before), rejected (invalid)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['accepted', 'duplicate', 'rejected']) this.events.inc({ outcome }, 0);
    new Gauge({
      name: 'analytics_ingest_lag_seconds',
      help: 'Age of the oldest acknowledged SDK event not yet queryable (0 when written where it is queried)',
      registers,
      async collect() {
        // An unreachable store leaves the figure out rather than failing the scrape.
        const lag = await source.lagSeconds().catch(() => null);
        if (lag !== null) this.set(lag);
      },
    });
  }

  ingested(_companyId: string, outcome: { readonly accepted: number; readonly duplicates: number; readonly rejected: number }): void {
    this.events.inc({ outcome: 'accepted' }, outcome.accepted);
    this.events.inc({ outcome: 'duplicate' }, outcome.duplicates);
    this.events.inc({ outcome: 'rejected' }, outcome.rejected);
  }
}
