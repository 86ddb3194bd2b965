// The client behind createClient: calls become events at once, events wait in a bounded queue,
// and batches leave by size, by time, on flush() and when the page goes away.
import { KEEPALIVE_MAX_BYTES, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, bodyBytes, bodyOf, takeBatch } from './batches';
import { MAX_EVENT_BYTES, canMakeIds, newId, type EventType, type Properties, type SdkEvent } from './events';
import { OfflineQueue, queuedEvent, type QueuedEvent } from './offline-queue';
import { onPageHide, pageProperties, pageStorage } from './page';
import { GuardedStorage, shortHash, type KeyValueStorage } from './storage';
import { post, postWithRetries, type Attempt, type Endpoint, type FetchLike, type RetryPolicy } from './transport';

export interface ClientOptions {
  /** An SDK key's secret, as `POST /api/v1/api-keys` showed it once. */
  readonly apiKey: string;
  /** The API's base URL, e.g. `https://api.example.com` (a path prefix is kept). */
  readonly host: string;
  /** Sends as soon as this many events are queued (1..1000; default 20). */
  readonly flushAt?: number;
  /** Sends what is queued at most this long after it was queued (default 5000). */
  readonly flushIntervalMs?: number;
  /** Unsent events kept at most; past it the oldest are dropped and reported (default 1000). */
  readonly maxQueueSize?: number;
  /** Resends of a batch within one flush after network errors, 408, 429 and 5xx (default 5). */
  readonly maxRetries?: number;
  /** First backoff; it doubles with each retry, with jitter (default 500). */
  readonly retryBaseMs?: number;
  /** Longest wait within a flush; a longer Retry-After leaves the events queued for a later one (default 30000). */
  readonly maxRetryDelayMs?: number;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** Keeps the identity and unsent events across reloads. Default: localStorage in a browser, none in Node; null for none. */
  readonly storage?: KeyValueStorage | null;
  /** The events' timestamps. Default: the system clock. */
  readonly now?: () => Date;
  /** Told of every event that will not arrive, or not yet; the client never throws them at its callers. */
  readonly onError?: (error: ClientError) => void;
}

/** Whose event it is, for one call (a server sending for many users); replaces the client's identity. */
export interface CallOptions {
  readonly userId?: string;
  readonly anonymousId?: string;
}

export type ClientError =
  /** The API refused this one event (its shape, size or timestamp); the rest of its batch was stored. */
  | { readonly kind: 'rejected'; readonly messageId: string; readonly code: string; readonly message: string }
  /** The API refused the whole batch with a 4xx no resend can change (401, 400, an event alone over 413). */
  | { readonly kind: 'dropped'; readonly status: number; readonly code?: string; readonly message: string; readonly messageIds: readonly string[] }
  /** Retries ran out (offline, server down, a long Retry-After): the events stay queued and are tried again later. */
  | { readonly kind: 'deferred'; readonly status?: number; readonly message: string; readonly attempts: number; readonly queued: number; readonly retryInMs: number }
  /** The queue was full: these, the oldest, were dropped unsent. */
  | { readonly kind: 'overflow'; readonly messageIds: readonly string[] }
  /** The call's event cannot be sent: not JSON, or over 32 KiB as JSON. */
  | { readonly kind: 'unsendable'; readonly messageId: string; readonly message: string }
  /** Storage failed (quota, disabled); the client goes on in memory. Reported once. */
  | { readonly kind: 'storage'; readonly message: string };

/** What one flush sent; batches that left earlier on their own (flushAt, the timer) count in theirs. */
export interface FlushResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Refused with their whole batch, never resent. */
  readonly dropped: number;
  /** Still queued when the flush ended: deferred, or queued meanwhile. */
  readonly queued: number;
}

export interface AnalyticsClient {
  /** Queues a `track` event; returns its messageId. */
  track(event: string, properties?: Properties, options?: CallOptions): string;
  /** Remembers `userId` for the following events and queues an `identify`; returns its messageId. */
  identify(userId: string, traits?: Properties): string;
  /** Queues a `page` event (in a browser with url, path, title and referrer unless given); returns its messageId. */
  page(name?: string, properties?: Properties, options?: CallOptions): string;
  /** Sends everything queued, retrying as configured; resolves with what the API answered. */
  flush(): Promise<FlushResult>;
  /** Stops timers and page listeners, then flushes. Later calls still queue, sent only by flush(). */
  close(): Promise<FlushResult>;
  setAnonymousId(anonymousId: string): void;
  /** Forgets the user (log-out): no userId, a new anonymousId. Queued events are kept. */
  reset(): void;
  readonly anonymousId: string;
  readonly userId: string | undefined;
}

const INGEST_PATH = '/api/v1/events/batch';

/** Checks the options once, so a typo fails at start-up rather than as silently lost events. */
export function createClient(options: ClientOptions): AnalyticsClient {
  return new Client(options);
}

type Totals = { -readonly [K in Exclude<keyof FlushResult, 'queued'>]: number };
type Identity = Pick<SdkEvent, 'userId' | 'anonymousId'>;

class Client implements AnalyticsClient {
  private readonly endpoint: Endpoint;
  private readonly policy: RetryPolicy;
  private readonly flushAt: number;
  private readonly flushIntervalMs: number;
  private readonly now: () => Date;
  private readonly storage: GuardedStorage | null;
  private readonly queue: OfflineQueue;
  private readonly detachPageHide: () => void;
  private currentAnonymousId: string;
  private currentUserId: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Flushes run one after another: a batch and its retries finish before the next leaves. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Size-triggered flushes wait for this (Date.now()) after a deferral, so a Retry-After is honoured. */
  private deferredUntil = 0;
  /** A size-triggered flush waits in the chain: a burst of calls past flushAt adds one, not one per call. */
  private flushWaiting = false;
  private closed = false;
  private storageReported = false;
  /** Sent with keepalive and not yet answered: a second hide event does not send them again. */
  private readonly leaving = new Set<string>();
  private leavingBytes = 0;

  constructor(private readonly options: ClientOptions) {
    if (!canMakeIds()) throw new Error('createClient: this runtime has no crypto.getRandomValues to make messageIds');
    const { apiKey, host } = options;
    if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('createClient: apiKey is required');
    const base = String(host ?? '').replace(/\/+$/, '');
    this.endpoint = { fetch: options.fetch ?? globalFetch, url: new URL(base + INGEST_PATH).href, apiKey };
    this.flushAt = count('flushAt', options.flushAt ?? 20, 1, MAX_BATCH_EVENTS);
    this.flushIntervalMs = count('flushIntervalMs', options.flushIntervalMs ?? 5000, 0);
    this.policy = {
      maxRetries: count('maxRetries', options.maxRetries ?? 5, 0),
      retryBaseMs: count('retryBaseMs', options.retryBaseMs ?? 500, 0),
      maxRetryDelayMs: count('maxRetryDelayMs', options.maxRetryDelayMs ?? 30_000, 0),
    };
    this.now = options.now ?? (() => new Date());
    const storage = options.storage === undefined ? pageStorage() : options.storage;
    this.storage = storage && new GuardedStorage(storage, `cg:${shortHash(`${base} ${apiKey}`)}:`, (message) => this.storageFailed(message));
    this.currentAnonymousId = this.storage?.get('anonymousId') ?? newId();
    this.storage?.set('anonymousId', this.currentAnonymousId);
    this.currentUserId = this.storage?.get('userId') ?? undefined;
    this.queue = new OfflineQueue(count('maxQueueSize', options.maxQueueSize ?? 1000, 1), this.storage, newId());
    this.reportOverflow(this.queue.adoptStored());
    if (this.queue.size > 0) this.queued();
    this.detachPageHide = onPageHide(() => this.sendBeforeLeaving());
  }

  get anonymousId(): string {
    return this.currentAnonymousId;
  }

  get userId(): string | undefined {
    return this.currentUserId;
  }

  track(event: string, properties?: Properties, options?: CallOptions): string {
    return this.enqueue('track', { event, properties }, options);
  }

  identify(userId: string, traits?: Properties): string {
    this.currentUserId = userId;
    this.storage?.set('userId', userId);
    return this.enqueue('identify', { traits });
  }

  page(name?: string, properties?: Properties, options?: CallOptions): string {
    return this.enqueue('page', { name, properties: { ...pageProperties(), ...properties } }, options);
  }

  flush(): Promise<FlushResult> {
    const run = this.chain.then(() => this.drain());
    // A bug in one flush must not stall every later one; the caller of this one still sees it.
    this.chain = run.catch(() => undefined);
    return run;
  }

  close(): Promise<FlushResult> {
    this.closed = true;
    this.detachPageHide();
    this.clearTimer();
    return this.flush();
  }

  setAnonymousId(anonymousId: string): void {
    this.currentAnonymousId = anonymousId;
    this.storage?.set('anonymousId', anonymousId);
  }

  reset(): void {
    this.currentUserId = undefined;
    this.storage?.remove('userId');
    this.setAnonymousId(newId());
  }

  /** The messageId and timestamp are fixed here, once: every resend carries the same ones. */
  private enqueue(type: EventType, fields: Pick<SdkEvent, 'event' | 'name' | 'properties' | 'traits'>, options?: CallOptions): string {
    const messageId = newId();
    const event: SdkEvent = { messageId, type, ...fields, ...this.identityFor(options), timestamp: this.now().toISOString() };
    let entry: QueuedEvent;
    try {
      entry = queuedEvent(event);
    } catch (error) {
      this.report({ kind: 'unsendable', messageId, message: `not serialisable as JSON: ${error instanceof Error ? error.message : String(error)}` });
      return messageId;
    }
    if (entry.bytes > MAX_EVENT_BYTES) {
      this.report({ kind: 'unsendable', messageId, message: `${entry.bytes} bytes as JSON, over the API's ${MAX_EVENT_BYTES}` });
      return messageId;
    }
    this.reportOverflow(this.queue.push(entry));
    this.queued();
    return messageId;
  }

  private identityFor(options: CallOptions | undefined): Identity {
    if (options?.userId !== undefined || options?.anonymousId !== undefined) return { userId: options.userId, anonymousId: options.anonymousId };
    return { userId: this.currentUserId, anonymousId: this.currentAnonymousId };
  }

  private queued(): void {
    if (this.closed) return;
    if (this.queue.size < this.flushAt || Date.now() < this.deferredUntil) this.schedule(Math.max(this.flushIntervalMs, this.deferredUntil - Date.now()));
    else if (!this.flushWaiting) {
      this.flushWaiting = true;
      void this.flush();
    }
  }

  private async drain(): Promise<FlushResult> {
    this.flushWaiting = false;
    this.clearTimer();
    const totals: Totals = { accepted: 0, duplicates: 0, rejected: 0, dropped: 0 };
    while (this.queue.size > 0) {
      // Events are at most MAX_EVENT_BYTES, so every batch holds at least one: the loop ends.
      const sent = await this.deliver(takeBatch(this.queue.all, MAX_BATCH_EVENTS, MAX_BATCH_BYTES), totals);
      if (!sent) break;
    }
    return { ...totals, queued: this.queue.size };
  }

  /** Sends one batch with its retries; false when it stays queued for later. */
  private async deliver(batch: readonly QueuedEvent[], totals: Totals): Promise<boolean> {
    const body = bodyOf(batch);
    const outcome = await postWithRetries(() => post(this.endpoint, body), this.policy);
    if (outcome.kind === 'deferred') {
      const { kind: _, ...why } = outcome;
      this.report({ kind: 'deferred', ...why, queued: this.queue.size });
      this.deferredUntil = Date.now() + outcome.retryInMs;
      this.clearTimer();
      this.schedule(outcome.retryInMs);
      return false;
    }
    // Only a batch of one over the size limit is refused for good; a larger one goes in halves.
    if (outcome.kind === 'refused' && outcome.status === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return (await this.deliver(batch.slice(0, half), totals)) && this.deliver(batch.slice(half), totals);
    }
    this.settle(batch, outcome, totals);
    return true;
  }

  /** Forgets a batch the API answered for good, and reports what it refused. */
  private settle(batch: readonly QueuedEvent[], outcome: Exclude<Attempt, { kind: 'retryable' }>, totals: Totals): void {
    const messageIds = batch.map((entry) => entry.event.messageId);
    this.queue.remove(new Set(messageIds));
    if (outcome.kind === 'refused') {
      totals.dropped += batch.length;
      const { kind: _, ...why } = outcome;
      this.report({ kind: 'dropped', ...why, messageIds });
      return;
    }
    totals.accepted += outcome.accepted;
    totals.duplicates += outcome.duplicates;
    totals.rejected += outcome.rejected.length;
    for (const { index, error } of outcome.rejected) {
      this.report({ kind: 'rejected', messageId: messageIds[index] ?? `#${index}`, code: error.code, message: error.message });
    }
  }

  /**
   * The page is hidden or unloading: one keepalive request, which the browser completes after the
   * page is gone, with the oldest queued events that fit the 64 KiB keepalive allowance. What does
   * not fit, or whose answer never comes, stays in storage for the next page load; the API counts
   * a resent event as a duplicate. sendBeacon cannot carry the X-Api-Key header.
   */
  private sendBeforeLeaving(): void {
    const unsent = this.queue.all.filter((entry) => !this.leaving.has(entry.event.messageId));
    const batch = takeBatch(unsent, MAX_BATCH_EVENTS, KEEPALIVE_MAX_BYTES - this.leavingBytes);
    if (batch.length === 0) return;
    const bytes = bodyBytes(batch);
    this.leavingBytes += bytes;
    for (const entry of batch) this.leaving.add(entry.event.messageId);
    void post(this.endpoint, bodyOf(batch), true).then((attempt) => {
      this.leavingBytes -= bytes;
      for (const entry of batch) this.leaving.delete(entry.event.messageId);
      // Retried by the next flush, if the page is still there.
      if (attempt.kind !== 'retryable') this.settle(batch, attempt, { accepted: 0, duplicates: 0, rejected: 0, dropped: 0 });
    });
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    // A Node process may exit with events queued; close() is how it sends them first.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private reportOverflow(dropped: readonly SdkEvent[]): void {
    if (dropped.length > 0) this.report({ kind: 'overflow', messageIds: dropped.map((event) => event.messageId) });
  }

  private storageFailed(message: string): void {
    if (this.storageReported) return;
    this.storageReported = true;
    this.report({ kind: 'storage', message });
  }

  private report(error: ClientError): void {
    try {
      this.options.onError?.(error);
    } catch {
      // The application's handler failing must not stop delivery.
    }
  }
}

/** Looked up at each call, so a fetch installed after the client was made (a polyfill, a test's) is used. */
const globalFetch: FetchLike = (url, init) => (globalThis as unknown as { fetch: FetchLike }).fetch(url, init);

function count(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`createClient: ${name} must be an integer in ${min}..${max}, not ${value}`);
  return value;
}
