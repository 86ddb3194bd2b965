// The ReplicaBroadcast of a process alone on its store (embedded PGlite, the memory store) and
// of tests: notices reach the listeners of this broadcast and of its `replica()`s at once.
// `disconnect()` and `reconnect()` let a test play a dropped connection.
import type { ReplicaBroadcast, ReplicaListener, ReplicaNotice } from '../../application/ports/replica-broadcast';

export class InProcessReplicaBroadcast implements ReplicaBroadcast {
  readonly crossesProcesses = false;
  private readonly listeners = new Set<ReplicaListener>();
  private connected = true;
  private closed = false;

  /** `group`: the broadcasts standing for the processes of one store (shared by `replica()`). */
  constructor(private readonly group: Set<InProcessReplicaBroadcast> = new Set()) {
    this.group.add(this);
  }

  /** Another process on the same store, as far as notices go. */
  replica(): InProcessReplicaBroadcast {
    return new InProcessReplicaBroadcast(this.group);
  }

  get live(): boolean {
    return this.connected && !this.closed;
  }

  async announce(notice: ReplicaNotice): Promise<void> {
    if (this.closed) throw new Error('InProcessReplicaBroadcast is closed');
    for (const member of [...this.group]) member.deliver(notice);
  }

  listen(listener: ReplicaListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** From now on this process hears nothing, and its listeners are told notices may be lost. */
  disconnect(): void {
    if (!this.live) return;
    this.connected = false;
    for (const listener of [...this.listeners]) listener.lost();
  }

  /** Notices reach this process again (those announced meanwhile stay lost). */
  reconnect(): void {
    this.connected = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.group.delete(this);
  }

  private deliver(notice: ReplicaNotice): void {
    if (!this.live) return;
    for (const listener of [...this.listeners]) listener.notice(notice);
  }
}
