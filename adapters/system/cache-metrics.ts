// Cache figures for /metrics (SPEC §3.13: cache hit ratio), and a log line when the cache fails.
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { CacheObserver } from '../../application/cache/cache-aside';

export class PrometheusCacheMetrics implements CacheObserver {
  private readonly errors: Counter;
  /** Counted here and handed to `cache_reads_total` when scraped: every cached read reports, and a labelled increment costs more than the read. */
  private hits = 0;
  private misses = 0;
  private lastErrorLogAt = 0;

  constructor(
    registry: Registry,
    private readonly log: Logger,
  ) {
    const counted = () => ({ hit: this.hits, miss: this.misses });
    registry.registerMetric(
      new Counter({
        name: 'cache_reads_total',
        help: 'Cache reads by result',
        labelNames: ['result'],
        registers: [],
        collect() {
          this.reset();
          for (const [result, count] of Object.entries(counted())) this.inc({ result }, count);
        },
      }),
    );
    this.errors = new Counter({ name: 'cache_errors_total', help: 'Cache operations that failed (answered uncached)', registers: [registry] });
  }

  hit(): void {
    this.hits += 1;
  }

  miss(): void {
    this.misses += 1;
  }

  error(error: unknown): void {
    this.errors.inc();
    // An outage fails every request; one line every ten seconds says enough.
    const now = Date.now();
    if (now - this.lastErrorLogAt > 10_000) {
      this.lastErrorLogAt = now;
      this.log.warn({ err: error }, 'cache unavailable, answering uncached');
    }
  }
}
