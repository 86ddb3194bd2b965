// The client SDK (sdk/) against the composed app over real HTTP (SPEC §3.9, issue 14): what it
// sends lands; batches leave by size and by time; a retry after a lost answer resends the same
// messageIds and the API counts them as duplicates; a 429's Retry-After is waited for; a full
// queue drops its oldest; a 401 is not retried.
import { describe, expect, it } from 'vitest';
import { createClient, type ClientError, type ClientOptions, type FetchLike } from '../../sdk/src/index';
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import { TOKENS } from '../../composition/tokens';
import { registerCompany } from '../support/builders';
import { eventually } from '../support/eventually';
import { useTenantApp } from '../support/tenant-app';

interface Sent {
  readonly messageIds: string[];
  readonly status: number | 'network error';
  readonly retryAfter: string | null;
  readonly at: number;
}

/** The global fetch, recording what each request carried and how it was answered. */
function recordingFetch(options: { loseAnswers?: number; offline?: () => boolean } = {}): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  let toLose = options.loseAnswers ?? 0;
  const fetch: FetchLike = async (url, init) => {
    const messageIds = (JSON.parse(init.body) as { events: { messageId: string }[] }).events.map((event) => event.messageId);
    const at = Date.now();
    if (options.offline?.()) {
      sent.push({ messageIds, status: 'network error', retryAfter: null, at });
      throw new TypeError('fetch failed');
    }
    const response = await globalThis.fetch(url, init);
    // The server has answered, so it stored the batch; the client is told the connection dropped.
    if (toLose > 0) {
      toLose--;
      await response.text();
      sent.push({ messageIds, status: 'network error', retryAfter: null, at });
      throw new TypeError('fetch failed: socket hang up');
    }
    sent.push({ messageIds, status: response.status, retryAfter: response.headers.get('Retry-After'), at });
    return response;
  };
  return { fetch, sent };
}

// The smallest allowance the config takes, so one full batch uses a key's allowance up.
const MAX_EVENTS_PER_SECOND = 100;

describe('the SDK against the API', () => {
  const shop = useTenantApp({ env: { INGEST_MAX_EVENTS_PER_SECOND: String(MAX_EVENTS_PER_SECOND) } });
  const { call } = shop;
  const store = () => shop.app.app.container.get<AnalyticsEventStore>(TOKENS.AnalyticsStore);

  /** A company of its own per test (counts stay apart, and the allowance is per key) and an SDK key for it. */
  async function freshKey(): Promise<{ companyId: string; secret: string; id: string; ownerToken: string }> {
    const tenant = await registerCompany(call, 'SDK shop');
    const key = await call('POST', '/api/v1/api-keys', { token: tenant.ownerToken, body: { name: 'web' } });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    return { companyId: tenant.companyId, secret: key.body.secret, id: key.body.id, ownerToken: tenant.ownerToken };
  }

  function clientOf(apiKey: string, options: Partial<ClientOptions> = {}) {
    const errors: ClientError[] = [];
    const client = createClient({ apiKey, host: shop.app.baseUrl, retryBaseMs: 20, flushIntervalMs: 60_000, onError: (error) => errors.push(error), ...options });
    return { client, errors };
  }

  const storedIds = async (companyId: string): Promise<string[]> => {
    const all = await store().list(companyId, { from: new Date(0), to: new Date(Date.now() + 86_400_000) }, 10_000);
    return all.map((event) => event.messageId).sort();
  };

  it('stores what track, identify and page send, in the key\'s company, and answers with the counts', async () => {
    const key = await freshKey();
    const { client, errors } = clientOf(key.secret);
    const viewed = client.track('Product Viewed', { product_id: 'p-1' });
    const identified = client.identify('user-42', { plan: 'pro' });
    const paged = client.page('Checkout');
    const result = await client.close();

    expect(errors).toEqual([]);
    expect(result).toEqual({ accepted: 3, duplicates: 0, rejected: 0, dropped: 0, queued: 0 });
    const events = await store().list(key.companyId, { from: new Date(0), to: new Date(Date.now() + 86_400_000) }, 10);
    const byId = new Map(events.map((event) => [event.messageId, event]));
    expect(byId.get(viewed)).toMatchObject({ companyId: key.companyId, type: 'track', event: 'Product Viewed', properties: { product_id: 'p-1' }, anonymousId: client.anonymousId });
    expect(byId.get(identified)).toMatchObject({ type: 'identify', userId: 'user-42', traits: { plan: 'pro' } });
    expect(byId.get(paged)).toMatchObject({ type: 'page', name: 'Checkout', userId: 'user-42' });
  });

  it('sends a batch once flushAt events are queued, and the rest after flushIntervalMs, without a flush() call', async () => {
    const key = await freshKey();
    const recorder = recordingFetch();
    const { client } = clientOf(key.secret, { fetch: recorder.fetch, flushAt: 5, flushIntervalMs: 300 });
    const bySize = Array.from({ length: 5 }, (_, i) => client.track('Scrolled', { i }));
    await eventually(async () => recorder.sent, (s) => s.length === 1, 'the batch of flushAt events');
    const byTime = [client.track('Scrolled', { i: 5 }), client.track('Scrolled', { i: 6 })];
    const queuedAt = Date.now();

    const sent = await eventually(async () => recorder.sent, (s) => s.length === 2, 'the batch sent on time');
    expect(sent.map((s) => [s.messageIds, s.status])).toEqual([[bySize, 202], [byTime, 202]]);
    expect((sent[1]?.at ?? 0) - queuedAt).toBeGreaterThanOrEqual(290);
    expect(await storedIds(key.companyId)).toEqual([...bySize, ...byTime].sort());
    await client.close();
  });

  it('resends the same messageIds after a lost answer: the API counts duplicates and stores each event once', async () => {
    const key = await freshKey();
    const recorder = recordingFetch({ loseAnswers: 2 });
    const { client, errors } = clientOf(key.secret, { fetch: recorder.fetch });
    const ids = Array.from({ length: 10 }, (_, i) => client.track('Added To Cart', { i }));
    const result = await client.close();

    expect(recorder.sent.map((s) => s.status)).toEqual(['network error', 'network error', 202]);
    expect(recorder.sent.every((s) => JSON.stringify(s.messageIds) === JSON.stringify(ids))).toBe(true);
    expect(result).toEqual({ accepted: 0, duplicates: 10, rejected: 0, dropped: 0, queued: 0 });
    expect(errors).toEqual([]);
    expect(await storedIds(key.companyId)).toEqual([...ids].sort());
  });

  // The allowance is counted over a window of several seconds: the wait can be that long.
  it('waits for the Retry-After of a 429 and then sends the same batch', { timeout: 60_000 }, async () => {
    const key = await freshKey();
    const recorder = recordingFetch();
    const { client } = clientOf(key.secret, { fetch: recorder.fetch, flushAt: 1000 });
    const batchOf = (name: string, count: number) => Array.from({ length: count }, (_, i) => client.track(name, { i }));
    // One full batch uses the key's allowance up; the next one meets 429.
    const first = batchOf('first', 1000);
    await eventually(async () => recorder.sent, (s) => s.length === 1, 'the first batch');
    const second = batchOf('second', 20);
    const result = await client.flush();

    expect(result).toEqual({ accepted: 20, duplicates: 0, rejected: 0, dropped: 0, queued: 0 });
    const [accepted, refused, retried] = recorder.sent;
    expect(accepted?.status).toBe(202);
    expect(refused?.status).toBe(429);
    const retryAfterSeconds = Number(refused?.retryAfter);
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retried?.status).toBe(202);
    expect(retried?.messageIds).toEqual(second);
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(retryAfterSeconds * 1000 - 5);
    expect(await storedIds(key.companyId)).toEqual([...first, ...second].sort());
  });

  it('keeps at most maxQueueSize events while offline, dropping the oldest, and sends the rest when back', async () => {
    const key = await freshKey();
    let offline = true;
    const recorder = recordingFetch({ offline: () => offline });
    const { client, errors } = clientOf(key.secret, { fetch: recorder.fetch, maxQueueSize: 3, maxRetries: 0 });
    const ids = Array.from({ length: 5 }, (_, i) => client.track('Searched', { i }));
    expect((await client.flush()).queued).toBe(3);
    offline = false;
    expect(await client.close()).toEqual({ accepted: 3, duplicates: 0, rejected: 0, dropped: 0, queued: 0 });

    expect(errors.filter((e) => e.kind === 'overflow')).toEqual([{ kind: 'overflow', messageIds: [ids[0]] }, { kind: 'overflow', messageIds: [ids[1]] }]);
    expect(await storedIds(key.companyId)).toEqual(ids.slice(2).sort());
  });

  it('does not retry a 401 (unknown or revoked key): the batch is dropped and reported', async () => {
    const key = await freshKey();
    const recorder = recordingFetch();
    const { client, errors } = clientOf(key.secret, { fetch: recorder.fetch });
    client.track('Before revocation');
    expect((await client.flush()).accepted).toBe(1);
    expect((await call('DELETE', `/api/v1/api-keys/${key.id}`, { token: key.ownerToken })).status).toBe(204);
    const refused = [client.track('After revocation'), client.track('Also after')];
    const result = await client.close();

    expect(result).toEqual({ accepted: 0, duplicates: 0, rejected: 0, dropped: 2, queued: 0 });
    expect(recorder.sent.map((s) => s.status)).toEqual([202, 401]);
    expect(errors).toEqual([expect.objectContaining({ kind: 'dropped', status: 401, code: 'unauthenticated', messageIds: refused })]);

    const unknown = clientOf('not-a-key', { fetch: recordingFetch().fetch });
    unknown.client.track('x');
    expect((await unknown.client.close()).dropped).toBe(1);
    expect(unknown.errors).toEqual([expect.objectContaining({ kind: 'dropped', status: 401 })]);
    expect(await store().count(key.companyId)).toBe(1);
  });

  it('has an event the API refuses reported by its messageId, while the rest of the batch is stored', async () => {
    const key = await freshKey();
    const { client, errors } = clientOf(key.secret);
    const kept = client.track('Fine');
    // An identify needs a userId (SPEC §3.9); the API refuses this one on its own.
    const refused = client.identify('');
    const result = await client.close();

    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(errors).toEqual([expect.objectContaining({ kind: 'rejected', messageId: refused, code: 'invalid_event' })]);
    expect(await storedIds(key.companyId)).toEqual([kept]);
  });
});
