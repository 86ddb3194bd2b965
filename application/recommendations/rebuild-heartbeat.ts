// The owner's side of a running rebuild job: writes its progress to the store, throttled, and
// renews its lease on a timer while a long batch reports nothing, so other replicas keep
// reading the job as running exactly as long as this process works on it.
import type { Clock } from '../ports/clock';
import type { RebuildJob, RebuildJobRepository } from '../ports/rebuild-job-repository';
import type { RebuildProgress } from './rebuild-graph';

export interface HeartbeatTiming {
  /** Progress reaches the store at most this often (clock time), and at every phase change. */
  readonly progressEveryMs: number;
  /** The lease is renewed at least this often (timer), progress or not; well under the lease. */
  readonly beatEveryMs: number;
}

/** Where a heartbeat reports what it could not do; the rebuild goes on either way. */
export interface HeartbeatLog {
  /** The store no longer holds the job as running (its lease ran out and a reader failed it). */
  lost(companyId: string, jobId: string): void;
  /** A write failed (store unreachable); the next beat tries again. */
  unrecorded(companyId: string, jobId: string, error: unknown): void;
}

export class RebuildHeartbeat {
  private latest: RebuildProgress;
  private writtenAt: number;
  private writtenPhase: RebuildProgress['phase'];
  /** The last write in the chain; writes never overlap, so they reach the store in order. */
  private writing: Promise<void> = Promise.resolve();
  /** A write is queued and not yet started: it will carry whatever progress is latest by then. */
  private queued = false;
  private ended = false;
  private lostJob = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly jobs: RebuildJobRepository,
    private readonly job: RebuildJob,
    private readonly clock: Clock,
    private readonly timing: HeartbeatTiming,
    private readonly log: HeartbeatLog,
  ) {
    this.latest = job.progress;
    this.writtenAt = clock.now().getTime();
    this.writtenPhase = job.progress.phase;
    this.timer = setInterval(() => this.write(), timing.beatEveryMs);
    // A rebuild in flight must not keep a stopping process alive.
    this.timer.unref?.();
  }

  /** The progress the rebuild reached; written now when the phase changed or enough time passed. */
  progress(progress: RebuildProgress): void {
    this.latest = progress;
    const due = this.clock.now().getTime() - this.writtenAt >= this.timing.progressEveryMs;
    if (due || progress.phase !== this.writtenPhase) this.write();
  }

  /** Whether a beat found the job no longer running in the store (and said so to the log). */
  get lost(): boolean {
    return this.lostJob;
  }

  /** The last progress reported, written or not. */
  get current(): RebuildProgress {
    return this.latest;
  }

  /** Stops beating and resolves once writes already asked for are done. */
  async end(): Promise<void> {
    this.ended = true;
    clearInterval(this.timer);
    await this.writing;
  }

  private write(): void {
    if (this.queued || this.ended) return;
    this.queued = true;
    this.writing = this.writing.then(async () => {
      this.queued = false;
      const progress = this.latest;
      this.writtenAt = this.clock.now().getTime();
      this.writtenPhase = progress.phase;
      const { companyId, id } = this.job;
      try {
        if (await this.jobs.beat(companyId, id, progress)) return;
        this.ended = true;
        this.lostJob = true;
        clearInterval(this.timer);
        this.log.lost(companyId, id);
      } catch (error) {
        this.log.unrecorded(companyId, id, error);
      }
    });
  }
}
