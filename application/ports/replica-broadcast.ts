// Notices between the processes sharing one store (SPEC §1.2, stateless replicas): what a
// process keeps in memory and another may change (the in-process cache, remembered session
// checks) is dropped on every process when one of them changes it.

/** Something a process changed, that every process must forget what it remembers of. */
export type ReplicaNotice =
  /** These cache tags are stale: drop every entry carrying one of them. */
  | { readonly kind: 'cache-tags'; readonly tags: readonly string[] }
  /** The user was removed, changed role or lost sessions: what was learnt of their sessions is stale. */
  | { readonly kind: 'user-sessions'; readonly companyId: string; readonly userId: string }
  /** That session (refresh-token family) ended: what was learnt of it is stale. */
  | { readonly kind: 'session-ended'; readonly sessionId: string }
  /** Events were committed to the outbox: a relay may publish them now rather than at its next poll. */
  | { readonly kind: 'outbox-written' };

export interface ReplicaListener {
  /** A notice from any process on the store, this one included. Called synchronously, in the order received. */
  notice(notice: ReplicaNotice): void;
  /**
   * Notices may have been lost (the connection dropped, or one arrived unreadable): everything
   * learnt while relying on them is to be forgotten. `live` is false from here until notices
   * flow again, for a dropped connection.
   */
  lost(): void;
}

export interface ReplicaBroadcast {
  /**
   * False when this process is alone on its store (in-process stores): nothing it keeps can be
   * changed by another process, and notices only reach its own listeners.
   */
  readonly crossesProcesses: boolean;
  /**
   * True while this process hears every notice. Remembered state must not be trusted while it
   * is false: a notice may pass unheard.
   */
  readonly live: boolean;
  /**
   * Delivers `notice` to every listening process on the store, this one included, in no stated
   * time (a moment on a healthy store). Resolves once sent; rejects when it could not be, and
   * then no process heard it. A notice may arrive split in several (a long tag list).
   */
  announce(notice: ReplicaNotice): Promise<void>;
  /** Registers a listener (and starts hearing, at the first); returns its removal. */
  listen(listener: ReplicaListener): () => void;
  /** Stops hearing and releases connections; later announcements reject. Repeating it changes nothing. */
  close(): Promise<void>;
}
