// The bounded queue of events not yet acknowledged by the API, oldest first, kept in storage
// when the client has one so a reload or a closed tab does not lose them.
import { MAX_EVENT_BYTES, utf8Length, type SdkEvent } from './events';
import type { GuardedStorage } from './storage';

export interface QueuedEvent {
  readonly event: SdkEvent;
  /** Serialised once when queued: batches and storage join these texts instead of re-encoding. */
  readonly json: string;
  readonly bytes: number;
}

export const queuedEvent = (event: SdkEvent, json = JSON.stringify(event)): QueuedEvent => ({ event, json, bytes: utf8Length(json) });

const QUEUE_NAME = 'queue:';

export class OfflineQueue {
  private entries: QueuedEvent[] = [];
  private saveScheduled = false;
  /** Each client writes its own entry, so two tabs never overwrite each other's events. */
  private readonly storedAs: string;

  constructor(
    private readonly limit: number,
    private readonly storage: GuardedStorage | null,
    instanceId: string,
  ) {
    this.storedAs = QUEUE_NAME + instanceId;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Oldest first. */
  get all(): readonly QueuedEvent[] {
    return this.entries;
  }

  /**
   * Takes over the events that earlier clients with this key left in storage (a reloaded page,
   * a closed tab). A tab still open may send the same events too: the API counts the second
   * copy as a duplicate. Returns the events dropped to stay within the limit.
   */
  adoptStored(): SdkEvent[] {
    if (!this.storage) return [];
    const known = new Set(this.entries.map((entry) => entry.event.messageId));
    for (const name of this.storage.names(QUEUE_NAME)) {
      for (const event of parseStored(this.storage.get(name))) {
        const entry = queuedEvent(event);
        // Storage is the page's too: an entry grown past what the API takes would block the queue.
        if (known.has(event.messageId) || entry.bytes > MAX_EVENT_BYTES) continue;
        known.add(event.messageId);
        this.entries.push(entry);
      }
      this.storage.remove(name);
    }
    return this.changed();
  }

  /** Adds at the end; returns the oldest events dropped to stay within the limit. */
  push(entry: QueuedEvent): SdkEvent[] {
    this.entries.push(entry);
    return this.changed();
  }

  /** Forgets these events (acknowledged or refused); ids no longer queued are ignored. */
  remove(messageIds: ReadonlySet<string>): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => !messageIds.has(entry.event.messageId));
    if (this.entries.length !== before) this.changed();
  }

  private changed(): SdkEvent[] {
    const dropped = this.entries.length > this.limit ? this.entries.splice(0, this.entries.length - this.limit) : [];
    this.scheduleSave();
    return dropped.map((entry) => entry.event);
  }

  /** Once per burst of calls (a loop of `track`s), not once per event: each save writes the whole queue. */
  private scheduleSave(): void {
    if (!this.storage || this.saveScheduled) return;
    this.saveScheduled = true;
    queueMicrotask(() => {
      this.saveScheduled = false;
      if (this.entries.length === 0) this.storage?.remove(this.storedAs);
      else this.storage?.set(this.storedAs, `[${this.entries.map((entry) => entry.json).join(',')}]`);
    });
  }
}

/** What another client stored, keeping only entries shaped like events (storage is shared with the page's own code). */
function parseStored(text: string | null): SdkEvent[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isEvent) : [];
  } catch {
    return [];
  }
}

const isEvent = (value: unknown): value is SdkEvent =>
  typeof value === 'object' && value !== null &&
  typeof (value as SdkEvent).messageId === 'string' && typeof (value as SdkEvent).type === 'string' && typeof (value as SdkEvent).timestamp === 'string';
