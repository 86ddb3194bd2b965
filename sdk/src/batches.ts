// How queued events are cut into request bodies within the API's bounds (SPEC §3.9).
import type { QueuedEvent } from './offline-queue';

export const MAX_BATCH_EVENTS = 1000;
/** Below the API's 5 MiB, so a batch never meets 413 for its size as a whole. */
export const MAX_BATCH_BYTES = 4.5 * 1024 * 1024;
/**
 * The Fetch standard refuses a keepalive request when the bodies of all keepalive requests in
 * flight together would pass 64 KiB (whatwg/fetch#419): what is sent while a page goes away.
 */
export const KEEPALIVE_MAX_BYTES = 64 * 1024;

const EMPTY_BODY = '{"events":[]}';

/** The oldest events that fit in one body of at most `maxEvents` and `maxBytes`; empty when the first alone does not fit. */
export function takeBatch(entries: readonly QueuedEvent[], maxEvents: number, maxBytes: number): QueuedEvent[] {
  const batch: QueuedEvent[] = [];
  let bytes = EMPTY_BODY.length;
  for (const entry of entries) {
    const next = bytes + entry.bytes + (batch.length > 0 ? 1 : 0);
    if (batch.length === maxEvents || next > maxBytes) break;
    batch.push(entry);
    bytes = next;
  }
  return batch;
}

export const bodyOf = (batch: readonly QueuedEvent[]): string => `{"events":[${batch.map((entry) => entry.json).join(',')}]}`;

export const bodyBytes = (batch: readonly QueuedEvent[]): number =>
  batch.reduce((sum, entry) => sum + entry.bytes, EMPTY_BODY.length + Math.max(0, batch.length - 1));
