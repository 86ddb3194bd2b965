// Keeps ClickHouse fed from the journal: a drain after each ingested batch (nudge) and on a
// timer, one at a time, and at most one per `minGapMs`, so that busy ingestion makes fewer and
// bigger INSERTs. While ClickHouse is away it backs off instead of trying at every batch, and
// says so once per outage; the journal holds the events meanwhile.
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import { CoalescedRuns } from '../../application/shared/coalesced-runs';

export interface DrainerLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface JournalDrainerOptions {
  /** The timer that picks up rows left by other processes, crashes and lapsed leases. Default 1 s. */
  readonly intervalMs?: number;
  /** The first wait after a failed drain, doubled at each failure. Default 250 ms. */
  readonly minBackoffMs?: number;
  /** Default 10 s. */
  readonly maxBackoffMs?: number;
  /**
   * The least time from one drain's start to the next one's: nudges meanwhile wait for it. Each
   * INSERT makes a part per month that ClickHouse merges later, and costs the same overhead
   * however few rows it holds. Default 500 ms.
   */
  readonly minGapMs?: number;
}

export class JournalDrainer {
  private readonly drains: CoalescedRuns;
  private stopped = true;
  private interval: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** Failed drains in a row: 0 while ClickHouse answers. */
  private failures = 0;
  private readonly intervalMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly minGapMs: number;
  /** When the last drain began (Date.now()). */
  private lastStarted = -Infinity;
  /** Ends the wait for the gap between drains, early on stop. */
  private endGap: (() => void) | null = null;

  constructor(
    private readonly store: Pick<AnalyticsEventStore, 'drain'>,
    private readonly log: DrainerLog,
    options: JournalDrainerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.minBackoffMs = options.minBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.minGapMs = options.minGapMs ?? 500;
    this.drains = new CoalescedRuns(() => this.drain(), () => !this.stopped && !this.retry);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.interval = setInterval(() => this.nudge(), this.intervalMs);
    this.interval.unref();
    this.nudge();
  }

  /** Drains now, or after the drain in progress; ignored while backing off or stopped. */
  nudge(): void {
    this.drains.request();
  }

  /** Resolves when no drain is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    await this.drains.idle();
  }

  /** Stops the timers and nudges, and resolves once the drain in progress ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.drains.forgetPending();
    if (this.interval) clearInterval(this.interval);
    if (this.retry) clearTimeout(this.retry);
    this.interval = null;
    this.retry = null;
    this.endGap?.();
    await this.idle();
  }

  private async drain(): Promise<void> {
    // Capped by the gap itself, should the clock step back.
    const wait = Math.min(this.lastStarted + this.minGapMs - Date.now(), this.minGapMs);
    if (wait > 0) {
      await this.gap(wait);
      if (this.stopped) return;
    }
    this.lastStarted = Date.now();
    try {
      const moved = await this.store.drain();
      if (this.failures > 0) this.log.info({ moved, failedDrains: this.failures }, 'ClickHouse is reachable again; draining the analytics journal');
      this.failures = 0;
    } catch (error) {
      if (this.failures === 0) this.log.warn({ reason: reasonOf(error) }, 'ClickHouse is unreachable; analytics events wait in the journal');
      this.failures += 1;
      this.backOff();
    }
  }

  /** Waits `ms`, or until `stop`. */
  private gap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endGap?.(), ms);
      timer.unref();
      this.endGap = () => {
        clearTimeout(timer);
        this.endGap = null;
        resolve();
      };
    });
  }

  private backOff(): void {
    if (this.stopped) return;
    const delay = Math.min(this.minBackoffMs * 2 ** (this.failures - 1), this.maxBackoffMs);
    this.drains.forgetPending();
    this.retry = setTimeout(() => {
      this.retry = null;
      this.nudge();
    }, delay);
    this.retry.unref();
  }
}

/**
 * The error's code only (ECONNREFUSED, or the server's error number): a server's message may
 * quote the statement, values included. Servers before 22 answer in a format the client does not
 * parse into a ClickHouseError, so their number is read from the message's start.
 */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && code !== '') return /^\d+$/.test(code) ? `ClickHouse error ${code}` : code;
  const numbered = /^Code: (\d+)/.exec(error.message);
  return numbered ? `ClickHouse error ${numbered[1]}` : error.name;
}
