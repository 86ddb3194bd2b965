import type { RebuildProgress } from '../recommendations/rebuild-graph';

/** A graph rebuild as every replica sees it (SPEC §3.5 `POST /admin/graph/rebuild`). */
export interface RebuildJob {
  readonly id: string;
  readonly companyId: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly progress: RebuildProgress;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly error: string | null;
}

/** How a job ended, with the progress it had reached. */
export type RebuildOutcome =
  | { readonly status: 'succeeded'; readonly progress: RebuildProgress }
  | { readonly status: 'failed'; readonly progress: RebuildProgress; readonly error: string };

/** Why a job whose owner stopped renewing its lease reads as failed. */
export const OWNER_STOPPED = 'the process running the rebuild stopped before it finished';

/**
 * Rebuild jobs in the store, so any replica answers for any job and at most one rebuild runs
 * per company across replicas. The process that started a job owns it and renews its lease
 * (`beat`); a running job whose last beat is older than the lease (`leaseMs`, given to the
 * adapter) belongs to a process that died: it is failed with {@link OWNER_STOPPED} by the next
 * `byId` or `start` that sees it, so no job stays `running` forever. Time is the injected clock's.
 */
export interface RebuildJobRepository {
  /**
   * Creates job `id` (a fresh id), running with no progress, unless the company has a running job
   * whose lease holds: then that job with `started: false`, and nothing is written. Atomic across
   * replicas: of concurrent starts for one company exactly one starts; a repeat answers the running one.
   */
  start(companyId: string, id: string): Promise<{ readonly job: RebuildJob; readonly started: boolean }>;
  /** The job, or null when unknown or another company's; a running job past its lease is failed first. */
  byId(companyId: string, id: string): Promise<RebuildJob | null>;
  /**
   * Records the progress of a running job and renews its lease. False, writing nothing, when the
   * job is not running (finished, failed past its lease, unknown): its owner has lost it. Repeats rewrite.
   */
  beat(companyId: string, id: string, progress: RebuildProgress): Promise<boolean>;
  /**
   * Ends a running job with its outcome. False, writing nothing, when it was not running: an ended
   * job keeps its first ending (a repeat, or a finish after the lease ran out, changes nothing).
   */
  finish(companyId: string, id: string, outcome: RebuildOutcome): Promise<boolean>;
}
