// The analytics store's background work in a serving process: its upkeep (partitions made
// ahead, old months dropped) at start and hourly, and the ClickHouse journal's drainer.
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { KeepAnalyticsStore } from '../application/analytics/keep-analytics-store';
import type { AnalyticsDrainer } from './modules/analytics-module';
import { TOKENS } from './tokens';

export interface AnalyticsRuntime {
  /** Resolves once the partitions ingestion needs exist (or making them failed and was logged); the rest of the upkeep runs behind. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Closeable {
  close(): Promise<void>;
}

const UPKEEP_INTERVAL_MS = 60 * 60 * 1000;

export function analyticsRuntime(container: Container, logger: Logger): AnalyticsRuntime {
  const log = logger.child({ component: 'analytics' });
  const upkeep = container.get(KeepAnalyticsStore);
  const drainer = container.get<AnalyticsDrainer>(TOKENS.AnalyticsDrainer);
  const store = container.get<Partial<Closeable>>(TOKENS.AnalyticsStore);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const keep = (): Promise<void> =>
    (running = upkeep.run().then(
      (dropped) => {
        if (dropped.length > 0) log.info({ months: dropped }, 'analytics months past the retention dropped');
      },
      (error: unknown) => log.warn({ err: error }, 'analytics store upkeep failed; retried within the hour'),
    ));

  return {
    async start() {
      // Partitions first, awaited: a batch of a month without one would fail. Dropping old months
      // may wait on ClickHouse, so it runs behind.
      await upkeep.prepare().catch((error: unknown) => log.error({ err: error }, 'analytics partitions not made; retried within the hour'));
      void keep();
      timer = setInterval(() => void keep(), UPKEEP_INTERVAL_MS);
      timer.unref();
      drainer.start();
    },
    async stop() {
      clearInterval(timer);
      await running;
      await drainer.stop();
      await store.close?.();
    },
  };
}
