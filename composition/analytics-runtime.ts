// The analytics store's background work in a serving process: its upkeep (partitions made
// ahead, old months dropped) at start and hourly, its rollups brought up to date every
// ANALYTICS_ROLLUP_INTERVAL_MS, and the ClickHouse journal's drainer.
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { KeepAnalyticsStore } from '../application/analytics/keep-analytics-store';
import type { AnalyticsRollups } from '../application/ports/analytics-queries';
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

export function analyticsRuntime(container: Container, logger: Logger, rollupIntervalMs: number): AnalyticsRuntime {
  const log = logger.child({ component: 'analytics' });
  const upkeep = container.get(KeepAnalyticsStore);
  const rollups = container.get<AnalyticsRollups>(TOKENS.AnalyticsRollups);
  const drainer = container.get<AnalyticsDrainer>(TOKENS.AnalyticsDrainer);
  const store = container.get<Partial<Closeable>>(TOKENS.AnalyticsStore);
  let timer: NodeJS.Timeout | undefined;
  let rollupTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let rolling: Promise<void> | null = null;

  // One run at a time per process; a tick that finds one still going skips.
  const rollUp = (): void => {
    rolling ??= rollups
      .rollUp()
      .then(
        (batches) => {
          if (batches > 0) log.debug({ batches }, 'analytics rollup brought up to date');
        },
        (error: unknown) => log.warn({ err: error }, 'analytics rollup failed; answers read the events meanwhile, retried at the next tick'),
      )
      .finally(() => {
        rolling = null;
      });
  };

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
      rollupTimer = setInterval(rollUp, rollupIntervalMs);
      rollupTimer.unref();
      drainer.start();
    },
    async stop() {
      clearInterval(timer);
      clearInterval(rollupTimer);
      await running;
      await rolling;
      await drainer.stop();
      await store.close?.();
    },
  };
}
