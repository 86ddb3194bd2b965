/**
 * Runs `work` one at a time. A request while it runs asks for one more run after it, however
 * many requests came meanwhile: what the run before did not see, the next one picks up (the
 * outbox relay after a commit, the analytics journal's drainer after a batch).
 */
export class CoalescedRuns {
  private running: Promise<void> | null = null;
  private again = false;

  /** `allowed`: asked before every run, the follow-up ones included (stopped, backing off). */
  constructor(
    private readonly work: () => Promise<void>,
    private readonly allowed: () => boolean = () => true,
  ) {}

  request(): void {
    if (!this.allowed()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }

  /** Forgets a follow-up run asked for during the current one. */
  forgetPending(): void {
    this.again = false;
  }

  /** The run in progress, if any. */
  get current(): Promise<void> | null {
    return this.running;
  }

  /** Resolves when no run is in progress, follow-ups included. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
