import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../application/ports/clock';
import { OWNER_STOPPED, type RebuildJob, type RebuildJobRepository, type RebuildOutcome } from '../../application/ports/rebuild-job-repository';
import type { RebuildProgress } from '../../application/recommendations/rebuild-graph';

const COLUMNS = 'id, company_id, status, progress, started_at, finished_at, error';

// Fails the company's running job when its owner's lease ran out (`heartbeat_at` before the
// cutoff), so a start can take its place. The row lock makes concurrent expiries fail it once.
const EXPIRE_COMPANY = `update graph_rebuilds set status = 'failed', finished_at = ?, error = ?
  where company_id = ? and status = 'running' and heartbeat_at < ?`;

const EXPIRE_JOB = `update graph_rebuilds set status = 'failed', finished_at = ?, error = ?
  where id = ? and company_id = ? and status = 'running' and heartbeat_at < ?
  returning ${COLUMNS}`;

// The partial unique index `graph_rebuilds_one_running_idx` arbitrates: a concurrent start for
// the same company waits for this one to commit, then inserts nothing.
const INSERT = `insert into graph_rebuilds (id, company_id, status, progress, started_at, heartbeat_at)
  values (?, ?, 'running', ?::jsonb, ?, ?)
  on conflict (company_id) where status = 'running' do nothing
  returning ${COLUMNS}`;

const RUNNING = `select ${COLUMNS}, heartbeat_at from graph_rebuilds where company_id = ? and status = 'running'`;

const BY_ID = `select ${COLUMNS}, heartbeat_at from graph_rebuilds where id = ? and company_id = ?`;

const BEAT = `update graph_rebuilds set progress = ?::jsonb, heartbeat_at = ?
  where id = ? and company_id = ? and status = 'running'`;

const FINISH = `update graph_rebuilds set status = ?, progress = ?::jsonb, finished_at = ?, heartbeat_at = ?, error = ?
  where id = ? and company_id = ? and status = 'running'`;

interface JobRow {
  id: string;
  company_id: string;
  status: RebuildJob['status'];
  progress: unknown;
  started_at: Date | string;
  finished_at: Date | string | null;
  error: string | null;
  heartbeat_at?: Date | string;
}

const NO_PROGRESS: RebuildProgress = { phase: 'products', products: 0, purchases: 0, users: 0, skipped: 0 };

/** A start that keeps losing to jobs that end as it looks at them is a bug, not contention. */
const START_ATTEMPTS = 5;

/**
 * Each call is a few autocommitted statements on a fresh fork, outside business transactions:
 * a rebuild's heartbeats must commit while it runs, and every replica must see them at once.
 */
export class MikroOrmRebuildJobRepository implements RebuildJobRepository {
  constructor(
    private readonly root: EntityManager,
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {}

  async start(companyId: string, id: string): Promise<{ job: RebuildJob; started: boolean }> {
    const em = this.root.fork();
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const now = this.clock.now();
      await em.execute(EXPIRE_COMPANY, [now, OWNER_STOPPED, companyId, this.cutoff(now)], 'run');
      const [inserted] = await em.execute<JobRow[]>(INSERT, [id, companyId, JSON.stringify(NO_PROGRESS), now, now]);
      if (inserted) return { job: jobOf(inserted), started: true };
      const [running] = await em.execute<JobRow[]>(RUNNING, [companyId]);
      // None: the running job ended between the insert and this read; try again.
      if (running) return { job: jobOf(running), started: false };
    }
    throw new Error(`could not start a graph rebuild of company ${companyId} in ${START_ATTEMPTS} attempts`);
  }

  async byId(companyId: string, id: string): Promise<RebuildJob | null> {
    const em = this.root.fork();
    const [row] = await em.execute<JobRow[]>(BY_ID, [id, companyId]);
    if (!row) return null;
    const now = this.clock.now();
    if (row.status !== 'running' || new Date(row.heartbeat_at!) >= this.cutoff(now)) return jobOf(row);
    const [expired] = await em.execute<JobRow[]>(EXPIRE_JOB, [now, OWNER_STOPPED, id, companyId, this.cutoff(now)]);
    if (expired) return jobOf(expired);
    // Its owner beat or finished it meanwhile: read what it wrote.
    const [current] = await em.execute<JobRow[]>(BY_ID, [id, companyId]);
    return current ? jobOf(current) : null;
  }

  async beat(companyId: string, id: string, progress: RebuildProgress): Promise<boolean> {
    const result = await this.root.fork().execute<{ affectedRows: number }>(BEAT, [JSON.stringify(progress), this.clock.now(), id, companyId], 'run');
    return result.affectedRows === 1;
  }

  async finish(companyId: string, id: string, outcome: RebuildOutcome): Promise<boolean> {
    const now = this.clock.now();
    const error = outcome.status === 'failed' ? outcome.error : null;
    const result = await this.root
      .fork()
      .execute<{ affectedRows: number }>(FINISH, [outcome.status, JSON.stringify(outcome.progress), now, now, error, id, companyId], 'run');
    return result.affectedRows === 1;
  }

  private cutoff(now: Date): Date {
    return new Date(now.getTime() - this.leaseMs);
  }
}

const jobOf = (row: JobRow): RebuildJob => ({
  id: row.id,
  companyId: row.company_id,
  status: row.status,
  progress: (typeof row.progress === 'string' ? JSON.parse(row.progress) : row.progress) as RebuildProgress,
  startedAt: new Date(row.started_at),
  finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
  error: row.error,
});
