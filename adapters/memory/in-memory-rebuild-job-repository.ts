// Rebuild jobs in a Map: the memory profile's twin of the `graph_rebuilds` table. One process
// only, so "across replicas" reduces to the synchronous check-and-set below.
import type { Clock } from '../../application/ports/clock';
import { OWNER_STOPPED, type RebuildJob, type RebuildJobRepository, type RebuildOutcome } from '../../application/ports/rebuild-job-repository';
import type { RebuildProgress } from '../../application/recommendations/rebuild-graph';

interface Row {
  job: RebuildJob;
  heartbeatAt: number;
}

const NO_PROGRESS: RebuildProgress = { phase: 'products', products: 0, purchases: 0, users: 0, skipped: 0 };

export class InMemoryRebuildJobRepository implements RebuildJobRepository {
  private readonly rows = new Map<string, Row>();

  constructor(
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {}

  async start(companyId: string, id: string): Promise<{ job: RebuildJob; started: boolean }> {
    const running = [...this.rows.values()].find((row) => row.job.companyId === companyId && this.live(row));
    if (running) return { job: running.job, started: false };
    const now = this.clock.now();
    const job: RebuildJob = { id, companyId, status: 'running', progress: NO_PROGRESS, startedAt: now, finishedAt: null, error: null };
    this.rows.set(id, { job, heartbeatAt: now.getTime() });
    return { job, started: true };
  }

  async byId(companyId: string, id: string): Promise<RebuildJob | null> {
    const row = this.rows.get(id);
    if (!row || row.job.companyId !== companyId) return null;
    this.live(row);
    return row.job;
  }

  async beat(companyId: string, id: string, progress: RebuildProgress): Promise<boolean> {
    const row = this.running(companyId, id);
    if (!row) return false;
    row.job = { ...row.job, progress };
    row.heartbeatAt = this.clock.now().getTime();
    return true;
  }

  async finish(companyId: string, id: string, outcome: RebuildOutcome): Promise<boolean> {
    const row = this.running(companyId, id);
    if (!row) return false;
    const now = this.clock.now();
    row.job = { ...row.job, status: outcome.status, progress: outcome.progress, finishedAt: now, error: outcome.status === 'failed' ? outcome.error : null };
    row.heartbeatAt = now.getTime();
    return true;
  }

  /** Owners may write past their lease until someone sees it ran out, as with the table. */
  private running(companyId: string, id: string): Row | undefined {
    const row = this.rows.get(id);
    return row && row.job.companyId === companyId && row.job.status === 'running' ? row : undefined;
  }

  /** Whether the row is running under a live lease; a lapsed one is failed on the spot. */
  private live(row: Row): boolean {
    if (row.job.status !== 'running') return false;
    const now = this.clock.now();
    if (now.getTime() - row.heartbeatAt <= this.leaseMs) return true;
    row.job = { ...row.job, status: 'failed', finishedAt: now, error: OWNER_STOPPED };
    return false;
  }
}
