import type { RelayOutbox } from '../../application/events/relay-outbox';

export interface PumpLog {
  error(details: object, message: string): void;
}

/**
 * Drives the relay: right after each commit (kick) and on a slow timer, which picks up
 * rows left by a crash or by another process. One relay run at a time; a kick during a
 * run schedules one more run.
 */
export class OutboxPump {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly relay: RelayOutbox,
    private readonly log: PumpLog,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no relay run is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      await this.relay.execute();
    } catch (error) {
      this.log.error({ err: error }, 'outbox relay failed; will retry');
    }
  }
}
