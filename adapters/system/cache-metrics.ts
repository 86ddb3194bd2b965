// Cache figures for /metrics (SPEC §3.13: cache hit ratio), and a log line when the cache fails.
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { CacheObserver } from '../../application/cache/cache-aside';

export class PrometheusCacheMetrics implements CacheObserver {
  private readonly reads: Counter<'result'>;
  private readonly errors: Counter;
  private lastErrorLogAt = 0;

  constructor(
    registry: Registry,
    private readonly log: Logger,
  ) {
    this.reads = new Counter({ name: 'cache_reads_total', help: 'Cache reads by result', labelNames: ['result'], registers: [registry] });
    this.errors = new Counter({ name: 'cache_errors_total', help: 'Cache operations that failed (answered uncached)', registers: [registry] });
  }

  hit(): void {
    this.reads.inc({ result: 'hit' });
  }

  miss(): void {
    this.reads.inc({ result: 'miss' });
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
