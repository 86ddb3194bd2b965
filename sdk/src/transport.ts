// One POST of a batch to the ingestion API and what its answer means for the events in it;
// and the retry loop around it, which resends the very same body.

/** What the client needs of `fetch`, so it compiles without DOM types and takes any compatible implementation. */
export type FetchLike = (url: string, init: {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  keepalive?: boolean;
}) => Promise<ResponseLike>;

export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** One event of a batch the API refused, by its position in that batch. */
export interface EventRejection {
  readonly index: number;
  readonly error: { readonly code: string; readonly message: string };
}

export type Attempt =
  | { readonly kind: 'delivered'; readonly accepted: number; readonly duplicates: number; readonly rejected: readonly EventRejection[] }
  /** A 4xx that no resend can change (401, 400, 413...): the batch is not sent again as it is. */
  | { readonly kind: 'refused'; readonly status: number; readonly code?: string; readonly message: string }
  | { readonly kind: 'retryable'; readonly status?: number; readonly message: string; readonly retryAfterMs?: number };

export type Outcome =
  | Exclude<Attempt, { kind: 'retryable' }>
  /** Given up for now; the events stay queued and are tried again in `retryInMs`. */
  | { readonly kind: 'deferred'; readonly status?: number; readonly message: string; readonly attempts: number; readonly retryInMs: number };

export interface RetryPolicy {
  /** Resends after the first attempt, within one flush. */
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  /** Longest wait inside a flush; a longer Retry-After defers the events to a later flush instead. */
  readonly maxRetryDelayMs: number;
}

export interface Endpoint {
  readonly fetch: FetchLike;
  readonly url: string;
  readonly apiKey: string;
}

/** POSTs `body` once. Network failures, 408, 429 and 5xx may be retried; a 202 without the API's answer (a portal, a proxy page) too. */
export async function post(endpoint: Endpoint, body: string, keepalive = false): Promise<Attempt> {
  let response: ResponseLike;
  try {
    response = await endpoint.fetch(endpoint.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': endpoint.apiKey },
      body,
      ...(keepalive ? { keepalive } : {}),
    });
  } catch (error) {
    return { kind: 'retryable', message: `network error: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await response.text().catch(() => '');
  const { status } = response;
  if (status === 202) {
    const answer = ingestAnswer(text);
    if (answer) return { kind: 'delivered', ...answer };
  }
  const { code, message } = errorOf(text, status);
  if (status === 408 || status === 429 || status >= 500 || (status >= 200 && status < 400)) {
    const retryAfterMs = retryAfterOf(response.headers.get('Retry-After'));
    return { kind: 'retryable', status, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  return { kind: 'refused', status, ...(code ? { code } : {}), message };
}

/** Sends until an answer other than "retry": exponential backoff with jitter, at least what Retry-After asks. */
export async function postWithRetries(send: () => Promise<Attempt>, policy: RetryPolicy): Promise<Outcome> {
  for (let attempt = 0; ; attempt++) {
    const result = await send();
    if (result.kind !== 'retryable') return result;
    const delayMs = Math.max(backoffMs(attempt, policy), result.retryAfterMs ?? 0);
    if (attempt >= policy.maxRetries || delayMs > policy.maxRetryDelayMs) {
      return { kind: 'deferred', ...(result.status ? { status: result.status } : {}), message: result.message, attempts: attempt + 1, retryInMs: delayMs };
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** Between half and all of `base · 2^attempt` (capped): clients that failed together do not retry together. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxRetryDelayMs, policy.retryBaseMs * 2 ** attempt);
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from now. */
export function retryAfterOf(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function ingestAnswer(text: string): Omit<Extract<Attempt, { kind: 'delivered' }>, 'kind'> | null {
  const body = parseJson(text) as { accepted?: unknown; duplicates?: unknown; rejected?: unknown } | null;
  if (!body || typeof body.accepted !== 'number' || typeof body.duplicates !== 'number' || !Array.isArray(body.rejected)) return null;
  return { accepted: body.accepted, duplicates: body.duplicates, rejected: body.rejected as EventRejection[] };
}

/** The API's `{error: {code, message, requestId}}`, or the status when the answer is something else. */
function errorOf(text: string, status: number): { code?: string; message: string } {
  const error = (parseJson(text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | null)?.error;
  if (!error || typeof error.code !== 'string') return { message: `HTTP ${status}` };
  const requestId = typeof error.requestId === 'string' ? ` (request ${error.requestId})` : '';
  return { code: error.code, message: `HTTP ${status}: ${String(error.message)}${requestId}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
