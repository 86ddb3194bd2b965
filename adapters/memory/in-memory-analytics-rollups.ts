// The memory and ClickHouse event stores answer from the events themselves, so they keep no
// rollup: a run has nothing to do.
import type { AnalyticsRollups } from '../../application/ports/analytics-queries';

export class InMemoryAnalyticsRollups implements AnalyticsRollups {
  async rollUp(): Promise<number> {
    return 0;
  }
}
