// Rebuild jobs behind `POST /admin/graph/rebuild` (admin+): one running rebuild per company,
// started in the background and followed through its progress. Jobs live in this process;
// a restart forgets them (the rebuild itself can simply be started again).
import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import { requireRole } from '../shared/authorize';
import type { RebuildGraph, RebuildProgress } from './rebuild-graph';

export interface RebuildJob {
  readonly id: string;
  readonly companyId: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly progress: RebuildProgress;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly error: string | null;
}

export interface RebuildLog {
  failed(companyId: string, error: unknown): void;
}

export class GraphRebuilds {
  private readonly jobs = new Map<string, RebuildJob>();
  private readonly running = new Map<string, { job: RebuildJob; done: Promise<void> }>();

  constructor(
    private readonly rebuild: RebuildGraph,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly log: RebuildLog,
  ) {}

  /** Starts a rebuild of the actor's company, or answers the one already running. */
  start(actor: Actor): Result<{ job: RebuildJob; started: boolean }, AppError<'forbidden'>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    const current = this.running.get(actor.companyId);
    if (current) return ok({ job: this.jobs.get(current.job.id) ?? current.job, started: false });
    return ok({ job: this.launch(actor.companyId).job, started: true });
  }

  /** The job, for admins of its company; anyone else reads it as missing. */
  get(actor: Actor, id: string): Result<RebuildJob, AppError<'forbidden' | 'not_found'>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    const job = this.jobs.get(id);
    return job && job.companyId === actor.companyId ? ok(job) : err(notFound('Rebuild'));
  }

  /** Rebuilds the company and resolves when it is done (start-up of the embedded graph). */
  async run(companyId: string): Promise<RebuildJob> {
    const { job, done } = this.running.get(companyId) ?? this.launch(companyId);
    await done;
    return this.jobs.get(job.id) ?? job;
  }

  private launch(companyId: string): { job: RebuildJob; done: Promise<void> } {
    const id = this.ids.next();
    const job: RebuildJob = {
      id, companyId, status: 'running', startedAt: this.clock.now(), finishedAt: null, error: null,
      progress: { phase: 'products', products: 0, purchases: 0, users: 0, skipped: 0 },
    };
    this.jobs.set(id, job);
    const update = (next: Partial<RebuildJob>): void => {
      this.jobs.set(id, { ...this.jobs.get(id)!, ...next });
    };
    const done = this.rebuild
      .execute(companyId, (progress) => update({ progress }))
      .then(
        () => update({ status: 'succeeded', finishedAt: this.clock.now() }),
        (error: unknown) => {
          this.log.failed(companyId, error);
          update({ status: 'failed', finishedAt: this.clock.now(), error: error instanceof Error ? error.message : String(error) });
        },
      )
      .finally(() => this.running.delete(companyId));
    const entry = { job, done };
    this.running.set(companyId, entry);
    return entry;
  }
}
