import type { PruneOutbox } from '../../application/events/prune-outbox';
import type { RelayOutbox } from '../../application/events/relay-outbox';
import { CoalescedRuns } from '../../application/shared/coalesced-runs';

export interface PumpLog {
  error(details: object, message: string): void;
}

export interface OutboxPumpOptions {
  /** The slow timer that picks up rows left by a crash, a failed run or another process. */
  readonly intervalMs?: number;
  /** Deletes old published rows on a timer of its own; no pruning without it. */
  readonly prune?: PruneOutbox;
  readonly pruneIntervalMs?: number;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Drives the relay: right after each commit (kick) and on a slow timer. One relay run at a
 * time; a kick during a run schedules one more run. Pruning runs beside it, on its own
 * slower timer and also one run at a time. Once stopped, it finishes the batch in hand and
 * ignores kicks: what is left waits in the outbox for the next start.
 */
export class OutboxPump {
  private readonly relays: CoalescedRuns;
  private pruning: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly stopping = new AbortController();
  private readonly intervalMs: number;
  private readonly pruneIntervalMs: number;

  constructor(
    private readonly relay: RelayOutbox,
    private readonly log: PumpLog,
    private readonly options: OutboxPumpOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.pruneIntervalMs = options.pruneIntervalMs ?? HOUR_MS;
    this.relays = new CoalescedRuns(() => this.drain(), () => !this.stopping.signal.aborted);
  }

  start(): void {
    if (this.timers.length > 0) return;
    this.timers.push(setInterval(() => this.kick(), this.intervalMs));
    if (this.options.prune) {
      this.timers.push(setInterval(() => this.prune(), this.pruneIntervalMs));
      // Also at start: a process restarted more often than the interval would never prune.
      this.prune();
    }
    for (const timer of this.timers) timer.unref();
    this.kick();
  }

  kick(): void {
    this.relays.request();
  }

  /** Starts a prune run unless one is in progress. */
  prune(): void {
    const prune = this.options.prune;
    if (!prune || this.pruning) return;
    this.pruning = prune
      .execute()
      .then(
        () => undefined,
        (error: unknown) => this.log.error({ err: error }, 'outbox prune failed; will retry'),
      )
      .finally(() => {
        this.pruning = null;
      });
  }

  /** Resolves when no relay or prune run is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.relays.current || this.pruning) await (this.relays.current ?? this.pruning);
  }

  /** Stops the timers and kicks, and resolves once the batch in hand is published. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.relays.forgetPending();
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      await this.relay.execute(this.stopping.signal);
    } catch (error) {
      this.log.error({ err: error }, 'outbox relay failed; will retry');
    }
  }
}
