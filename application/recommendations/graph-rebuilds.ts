// Rebuild jobs behind `POST /admin/graph/rebuild` (admin+): one running rebuild per company,
// started in the background and followed through its progress. The jobs are rows in the store
// (RebuildJobRepository), so any replica answers for them and none starts a second rebuild of a
// company; the rebuild itself runs in the process that started it, which keeps its lease alive.
import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import { OWNER_STOPPED, type RebuildJob, type RebuildJobRepository, type RebuildOutcome } from '../ports/rebuild-job-repository';
import { requireRole } from '../shared/authorize';
import type { RebuildGraph, RebuildProgress } from './rebuild-graph';
import { RebuildHeartbeat, type HeartbeatLog, type HeartbeatTiming } from './rebuild-heartbeat';

export type { RebuildJob, RebuildOutcome } from '../ports/rebuild-job-repository';

export interface RebuildLog extends HeartbeatLog {
  failed(companyId: string, error: unknown): void;
}

/** A job this process runs. */
interface LocalJob {
  readonly job: RebuildJob;
  readonly heartbeat: RebuildHeartbeat;
  /** Set when this process stops: the job was failed for it, and its ending is no longer written. */
  readonly state: { stopped: boolean };
  readonly done: Promise<RebuildOutcome>;
}

export class GraphRebuilds {
  /** Jobs this process runs, by company. */
  private readonly running = new Map<string, LocalJob>();

  constructor(
    private readonly rebuild: Pick<RebuildGraph, 'execute'>,
    private readonly jobs: RebuildJobRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly log: RebuildLog,
    private readonly timing: HeartbeatTiming,
  ) {}

  /** Starts a rebuild of the actor's company, or answers the one already running on any replica. */
  async start(actor: Actor): Promise<Result<{ job: RebuildJob; started: boolean }, AppError<'forbidden'>>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    const { job, started } = await this.jobs.start(actor.companyId, this.ids.next());
    if (started) this.launch(job);
    return ok({ job, started });
  }

  /** The job, for admins of its company; anyone else reads it as missing. */
  async get(actor: Actor, id: string): Promise<Result<RebuildJob, AppError<'forbidden' | 'not_found'>>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    const job = await this.jobs.byId(actor.companyId, id);
    return job ? ok(job) : err(notFound('Rebuild'));
  }

  /**
   * Rebuilds the company's graph in this process and resolves when it is done (start-up of the
   * embedded graph). Not a job row: each replica's embedded graph is its own and must be rebuilt
   * whatever another replica runs, so a start-up neither waits for nor blocks another's job.
   */
  async run(companyId: string): Promise<RebuildOutcome> {
    const local = this.running.get(companyId);
    if (local) return local.done;
    let progress: RebuildProgress = NO_PROGRESS;
    try {
      return { status: 'succeeded', progress: await this.rebuild.execute(companyId, (next) => (progress = next)) };
    } catch (error) {
      this.log.failed(companyId, error);
      return { status: 'failed', progress, error: message(error) };
    }
  }

  /**
   * Fails the jobs this process runs (their rebuilds cannot finish once it stops) so no replica
   * waits out their lease; resolves once that is written.
   */
  async stop(): Promise<void> {
    const jobs = [...this.running.values()];
    this.running.clear();
    await Promise.all(
      jobs.map(async (local) => {
        local.state.stopped = true;
        await local.heartbeat.end();
        await this.record(local.job, { status: 'failed', progress: local.heartbeat.current, error: OWNER_STOPPED }, !local.heartbeat.lost);
      }),
    );
  }

  private launch(job: RebuildJob): void {
    const heartbeat = new RebuildHeartbeat(this.jobs, job, this.clock, this.timing, this.log);
    const state = { stopped: false };
    this.running.set(job.companyId, { job, heartbeat, state, done: this.follow(job, heartbeat, state) });
  }

  /** Runs the rebuild of a job this process started and writes how it ended. */
  private async follow(job: RebuildJob, heartbeat: RebuildHeartbeat, state: { readonly stopped: boolean }): Promise<RebuildOutcome> {
    let outcome: RebuildOutcome;
    try {
      outcome = { status: 'succeeded', progress: await this.rebuild.execute(job.companyId, (progress) => heartbeat.progress(progress)) };
    } catch (error) {
      if (!state.stopped) this.log.failed(job.companyId, error);
      outcome = { status: 'failed', progress: heartbeat.current, error: message(error) };
    }
    if (state.stopped) return outcome;
    this.running.delete(job.companyId);
    await heartbeat.end();
    await this.record(job, outcome, !heartbeat.lost);
    return outcome;
  }

  /** Writes a job's ending; a store that cannot take it leaves the job to its lease. */
  private async record(job: RebuildJob, outcome: RebuildOutcome, reportLoss: boolean): Promise<void> {
    try {
      if (!(await this.jobs.finish(job.companyId, job.id, outcome)) && reportLoss) this.log.lost(job.companyId, job.id);
    } catch (error) {
      this.log.unrecorded(job.companyId, job.id, error);
    }
  }
}

const NO_PROGRESS: RebuildProgress = { phase: 'products', products: 0, purchases: 0, users: 0, skipped: 0 };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
