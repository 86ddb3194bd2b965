// The SDK against a fake ingestion API (tests/support/fake-ingest-api.ts): events, batching,
// retries that resend the same messageIds, the bounded offline queue, storage and page hide.
// tests/e2e/sdk-client.test.ts runs the same client against the real app.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type ClientError, type ClientOptions } from '../../../sdk/src/index';
import { fakeIngestApi, mapStorage, type FakeIngestApi, type Script } from '../../support/fake-ingest-api';

const HOST = 'https://api.example.test';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function clientFor(api: FakeIngestApi, options: Partial<ClientOptions> = {}) {
  const errors: ClientError[] = [];
  const client = createClient({
    apiKey: 'sk_test', host: HOST, fetch: api.fetch, retryBaseMs: 5, flushIntervalMs: 60_000, storage: null,
    onError: (error) => errors.push(error), ...options,
  });
  return { client, errors };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the SDK client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('makes each event when called: a messageId, the timestamp then, one anonymousId, the identified user', async () => {
    const api = fakeIngestApi();
    let clock = new Date('2026-03-01T10:00:00.000Z');
    const { client } = clientFor(api, { now: () => clock });
    const viewed = client.track('Product Viewed', { product_id: 'p1' });
    clock = new Date('2026-03-01T10:00:05.000Z');
    const identified = client.identify('user-7', { plan: 'pro' });
    const paged = client.page('Home', { path: '/' });
    const forOther = client.track('Order Completed', {}, { userId: 'someone-else' });
    clock = new Date('2026-03-01T11:00:00.000Z');
    const result = await client.flush();

    expect(result).toEqual({ accepted: 4, duplicates: 0, rejected: 0, dropped: 0, queued: 0 });
    const [request] = api.requests;
    expect(request?.url).toBe(`${HOST}/api/v1/events/batch`);
    expect(request?.headers).toEqual({ 'Content-Type': 'application/json', 'X-Api-Key': 'sk_test' });
    const anonymousId = client.anonymousId;
    expect(anonymousId).toMatch(UUID);
    expect(request?.events).toEqual([
      { messageId: viewed, type: 'track', event: 'Product Viewed', properties: { product_id: 'p1' }, anonymousId, timestamp: '2026-03-01T10:00:00.000Z' },
      { messageId: identified, type: 'identify', traits: { plan: 'pro' }, userId: 'user-7', anonymousId, timestamp: '2026-03-01T10:00:05.000Z' },
      { messageId: paged, type: 'page', name: 'Home', properties: { path: '/' }, userId: 'user-7', anonymousId, timestamp: '2026-03-01T10:00:05.000Z' },
      // A call's own identity replaces the client's (a server sending for many users).
      { messageId: forOther, type: 'track', event: 'Order Completed', properties: {}, userId: 'someone-else', timestamp: '2026-03-01T10:00:05.000Z' },
    ]);
    expect(new Set([viewed, identified, paged, forOther]).size).toBe(4);
    for (const id of [viewed, identified, paged, forOther]) expect(id).toMatch(UUID);

    client.reset();
    expect(client.userId).toBeUndefined();
    expect(client.anonymousId).not.toBe(anonymousId);
    await client.close();
  });

  it('sends a batch as soon as flushAt events are queued', async () => {
    const api = fakeIngestApi();
    const { client } = clientFor(api, { flushAt: 3 });
    const arrived = api.nextRequest();
    const ids = [client.track('a'), client.track('b')];
    await sleep(20);
    expect(api.requests).toHaveLength(0);
    ids.push(client.track('c'));
    expect((await arrived).messageIds).toEqual(ids);
    await client.close();
    expect(api.requests).toHaveLength(1);
  });

  it('sends what is queued flushIntervalMs after it was queued', async () => {
    const api = fakeIngestApi();
    const { client } = clientFor(api, { flushAt: 20, flushIntervalMs: 50 });
    const arrived = api.nextRequest();
    const queuedAt = Date.now();
    const id = client.track('alone');
    const request = await arrived;
    expect(request.messageIds).toEqual([id]);
    expect(request.at - queuedAt).toBeGreaterThanOrEqual(45);
    await client.close();
  });

  it('never puts more than 1000 events or 4.5 MiB in one request', async () => {
    const api = fakeIngestApi();
    const { client } = clientFor(api, { flushAt: 1000, maxQueueSize: 5000 });
    for (let i = 0; i < 2500; i++) client.track('small', { i });
    const padding = 'x'.repeat(30_000);
    for (let i = 0; i < 200; i++) client.track('large', { padding });
    // Most left on their own, each time 1000 were queued; close() sends the rest.
    expect((await client.close()).queued).toBe(0);

    expect(api.requests.every((r) => r.messageIds.length <= 1000 && r.bodyBytes <= 4.5 * 1024 * 1024)).toBe(true);
    // 200 events of 30 kB are 6 MB: two requests at least.
    expect(api.requests.filter((r) => r.events.some((e) => e.event === 'large')).length).toBeGreaterThanOrEqual(2);
    expect(api.stored.size).toBe(2700);
  });

  it('resends the same messageIds when an answer is lost, so the API stores each event once', async () => {
    // The first two attempts reach the server, which stores the batch, and lose its answer.
    const api = fakeIngestApi((_, n) => (n < 2 ? 'lost' : undefined));
    const { client, errors } = clientFor(api);
    const ids = Array.from({ length: 5 }, (_, i) => client.track('Clicked', { i }));
    const result = await client.flush();

    expect(api.requests.map((r) => r.messageIds)).toEqual([ids, ids, ids]);
    expect(result).toEqual({ accepted: 0, duplicates: 5, rejected: 0, dropped: 0, queued: 0 });
    expect([...api.stored.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(errors).toEqual([]);
  });

  it('backs off exponentially on network errors and 5xx', async () => {
    const script: Script = (_, n) => (n === 0 ? 'network' : n < 4 ? { status: 503, body: { error: { code: 'unavailable', message: 'down' } } } : undefined);
    const api = fakeIngestApi(script);
    const { client } = clientFor(api, { retryBaseMs: 20 });
    client.track('x');
    await client.flush();

    const gaps = api.requests.slice(1).map((r, i) => r.at - (api.requests[i] as { at: number }).at);
    expect(gaps).toHaveLength(4);
    // Between half and all of 20 · 2^k ms, measured with a millisecond of timer slack.
    gaps.forEach((gap, k) => expect(gap).toBeGreaterThanOrEqual(10 * 2 ** k - 1));
  });

  it('waits at least what a 429 Retry-After asks before sending again', async () => {
    const api = fakeIngestApi((_, n) => (n === 0 ? { status: 429, headers: { 'Retry-After': '0.3' }, body: { error: { code: 'rate_limited', message: 'slow down' } } } : undefined));
    const { client } = clientFor(api, { retryBaseMs: 1 });
    const id = client.track('x');
    const result = await client.flush();

    expect(result.accepted).toBe(1);
    expect(api.requests.map((r) => r.messageIds)).toEqual([[id], [id]]);
    expect((api.requests[1]?.at ?? 0) - (api.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(299);
  });

  it('keeps the events queued when retries run out, and sends the same ones later', async () => {
    let online = false;
    const api = fakeIngestApi(() => (online ? undefined : 'network'));
    const { client, errors } = clientFor(api, { maxRetries: 2 });
    const ids = [client.track('a'), client.track('b')];
    const offline = await client.flush();

    expect(offline).toEqual({ accepted: 0, duplicates: 0, rejected: 0, dropped: 0, queued: 2 });
    expect(api.requests).toHaveLength(3);
    expect(errors).toEqual([expect.objectContaining({ kind: 'deferred', attempts: 3, queued: 2, message: expect.stringContaining('fetch failed') })]);
    online = true;
    expect(await client.flush()).toEqual({ accepted: 2, duplicates: 0, rejected: 0, dropped: 0, queued: 0 });
    expect(api.requests[3]?.messageIds).toEqual(ids);
  });

  it('defers to a later flush when Retry-After is longer than maxRetryDelayMs, and sends no batch before then', async () => {
    const api = fakeIngestApi((_, n) => (n === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined));
    const { client, errors } = clientFor(api, { maxRetryDelayMs: 100, flushAt: 1 });
    client.track('a');
    await sleep(50);
    client.track('b');
    await sleep(50);
    expect(errors).toEqual([expect.objectContaining({ kind: 'deferred', status: 429, retryInMs: 1000 })]);
    expect(api.requests).toHaveLength(1);
    // The timer set for the Retry-After sends both.
    const retried = await api.nextRequest();
    expect(retried.at - (api.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(999);
    expect(retried.messageIds).toHaveLength(2);
    await client.close();
  });

  it('does not retry a 401: the batch is dropped and reported', async () => {
    const api = fakeIngestApi(() => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'Unknown API key', requestId: 'r-1' } } }));
    const { client, errors } = clientFor(api);
    const ids = [client.track('a'), client.track('b')];
    const result = await client.flush();

    expect(api.requests).toHaveLength(1);
    expect(result).toEqual({ accepted: 0, duplicates: 0, rejected: 0, dropped: 2, queued: 0 });
    expect(errors).toEqual([{ kind: 'dropped', status: 401, code: 'unauthenticated', message: 'HTTP 401: Unknown API key (request r-1)', messageIds: ids }]);
  });

  it('splits a batch answered 413 until it fits, and drops an event refused alone', async () => {
    // The fake takes at most two events per request, and never the event named "huge".
    const api = fakeIngestApi((r) => (r.messageIds.length > 2 || r.events.some((e) => e.event === 'huge') ? { status: 413 } : undefined));
    const { client, errors } = clientFor(api);
    const ids = ['a', 'b', 'c', 'huge', 'd'].map((name) => client.track(name));
    const result = await client.flush();

    expect(result).toEqual({ accepted: 4, duplicates: 0, rejected: 0, dropped: 1, queued: 0 });
    expect([...api.stored.keys()].sort()).toEqual([ids[0], ids[1], ids[2], ids[4]].sort());
    expect(errors).toEqual([expect.objectContaining({ kind: 'dropped', status: 413, messageIds: [ids[3]] })]);
  });

  it('reports each event the API rejected by its messageId, and does not send it again', async () => {
    const api = fakeIngestApi(undefined, (event) => (event.event === '' ? 'event: required' : null));
    const { client, errors } = clientFor(api);
    client.track('fine');
    const bad = client.track('');
    const result = await client.flush();

    expect(result).toEqual({ accepted: 1, duplicates: 0, rejected: 1, dropped: 0, queued: 0 });
    expect(errors).toEqual([{ kind: 'rejected', messageId: bad, code: 'invalid_event', message: 'event: required' }]);
    await client.flush();
    expect(api.requests).toHaveLength(1);
  });

  it('takes a 202 that is not the API answer (a portal page) as a failure to retry', async () => {
    const api = fakeIngestApi((_, n) => (n === 0 ? { status: 202, body: 'Welcome to the hotel wifi' } : undefined));
    const { client } = clientFor(api);
    client.track('x');
    expect((await client.flush()).accepted).toBe(1);
    expect(api.requests).toHaveLength(2);
  });

  it('keeps at most maxQueueSize events, dropping and reporting the oldest', async () => {
    const api = fakeIngestApi();
    const { client, errors } = clientFor(api, { maxQueueSize: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => client.track(`e${i}`));
    await client.flush();

    expect(errors).toEqual([{ kind: 'overflow', messageIds: [ids[0]] }, { kind: 'overflow', messageIds: [ids[1]] }]);
    expect(api.requests.map((r) => r.messageIds)).toEqual([ids.slice(2)]);
  });

  it('refuses at the call an event over 32 KiB or not serialisable, and keeps going', async () => {
    const api = fakeIngestApi();
    const { client, errors } = clientFor(api);
    const huge = client.track('huge', { blob: 'x'.repeat(33 * 1024) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const circular = client.track('circular', cyclic);
    const fine = client.track('fine');
    await client.flush();

    expect(errors.map((e) => e.kind === 'unsendable' && e.messageId)).toEqual([huge, circular]);
    expect(api.requests.map((r) => r.messageIds)).toEqual([[fine]]);
  });

  it('goes on when the onError handler throws', async () => {
    const api = fakeIngestApi((_, n) => (n === 0 ? { status: 400, body: { error: { code: 'validation_failed', message: 'no' } } } : undefined));
    const client = createClient({ apiKey: 'k', host: HOST, fetch: api.fetch, storage: null, onError: () => { throw new Error('handler bug'); } });
    client.track('a');
    expect((await client.flush()).dropped).toBe(1);
    client.track('b');
    expect((await client.flush()).accepted).toBe(1);
  });

  it('keeps the identity and unsent events in storage: the next client with the key sends them, with the same ids', async () => {
    const storage = mapStorage();
    const offline = fakeIngestApi(() => 'network');
    const first = clientFor(offline, { storage, maxRetries: 0 }).client;
    first.identify('user-1');
    const ids = [first.track('a'), first.track('b')];
    await first.close();

    // Another API key on the same page keeps to its own events.
    const other = fakeIngestApi();
    const otherClient = clientFor(other, { storage, apiKey: 'sk_other' }).client;
    expect(otherClient.anonymousId).not.toBe(first.anonymousId);
    expect(await otherClient.close()).toEqual({ accepted: 0, duplicates: 0, rejected: 0, dropped: 0, queued: 0 });

    const online = fakeIngestApi();
    const second = clientFor(online, { storage }).client;
    expect(second.anonymousId).toBe(first.anonymousId);
    expect(second.userId).toBe('user-1');
    const result = await second.close();
    expect(result.accepted).toBe(3);
    expect(online.requests.flatMap((r) => r.messageIds).slice(1)).toEqual(ids);
    // Nothing left behind for a third client.
    await Promise.resolve();
    expect([...storage.map.keys()].filter((key) => key.includes(':queue:'))).toEqual([]);
  });

  it('keeps working in memory when storage throws, and says so once', async () => {
    const api = fakeIngestApi();
    const full = { ...mapStorage(), setItem: () => { throw new Error('QuotaExceededError'); } };
    const { client, errors } = clientFor(api, { storage: full });
    client.track('a');
    client.track('b');
    await client.flush();
    expect(errors).toEqual([{ kind: 'storage', message: 'QuotaExceededError' }]);
    expect(api.stored.size).toBe(2);
  });

  it('stops its timer on close: events queued later wait for flush()', async () => {
    const api = fakeIngestApi();
    const { client } = clientFor(api, { flushIntervalMs: 10, flushAt: 1 });
    await client.close();
    client.track('late');
    await sleep(50);
    expect(api.requests).toHaveLength(0);
    expect((await client.flush()).accepted).toBe(1);
  });

  it('checks its options at creation', () => {
    expect(() => createClient({ apiKey: '', host: HOST })).toThrow(/apiKey/);
    expect(() => createClient({ apiKey: 'k', host: 'not a url' })).toThrow();
    expect(() => createClient({ apiKey: 'k', host: HOST, flushAt: 1001 })).toThrow(/flushAt/);
    expect(() => createClient({ apiKey: 'k', host: HOST, maxQueueSize: 0 })).toThrow(/maxQueueSize/);
  });

  describe('in a page', () => {
    /** The browser globals the client reads, on an EventTarget standing for window. */
    function fakePage() {
      const window = new EventTarget();
      const document = Object.assign(new EventTarget(), { visibilityState: 'visible', title: 'Shop', referrer: '' });
      vi.stubGlobal('document', document);
      vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
      vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
      vi.stubGlobal('location', { href: 'https://shop.test/cart?x=1', pathname: '/cart' });
      return {
        hide() {
          document.visibilityState = 'hidden';
          document.dispatchEvent(new Event('visibilitychange'));
        },
        leave: () => window.dispatchEvent(new Event('pagehide')),
      };
    }

    it('records the page it is on in page()', async () => {
      fakePage();
      const api = fakeIngestApi();
      const { client } = clientFor(api);
      client.page('Cart', { step: 2 });
      await client.close();
      expect(api.requests[0]?.events[0]?.properties).toEqual({ url: 'https://shop.test/cart?x=1', path: '/cart', title: 'Shop', step: 2 });
    });

    it('sends the oldest queued events with keepalive within 64 KiB when the page is hidden, and not twice on pagehide', async () => {
      const page = fakePage();
      const api = fakeIngestApi();
      const { client } = clientFor(api, { flushAt: 1000 });
      const ids = Array.from({ length: 100 }, (_, i) => client.track('Scrolled', { i, padding: 'p'.repeat(1000) }));
      page.hide();
      page.leave();
      await sleep(10);

      expect(api.requests).toHaveLength(1);
      const [sent] = api.requests;
      expect(sent?.keepalive).toBe(true);
      expect(sent?.bodyBytes).toBeLessThanOrEqual(64 * 1024);
      expect(sent?.messageIds).toEqual(ids.slice(0, sent?.messageIds.length));
      expect(sent?.messageIds.length).toBeGreaterThan(50);
      // The page stayed: the answered events left the queue, the rest go with the next flush.
      const result = await client.close();
      expect(result.accepted).toBe(100 - (sent?.messageIds.length ?? 0));
      expect(api.stored.size).toBe(100);
    });

    it('stops listening on close', async () => {
      const page = fakePage();
      const api = fakeIngestApi(() => 'network');
      const { client } = clientFor(api, { maxRetries: 0 });
      await client.close();
      client.track('after close');
      page.leave();
      await sleep(10);
      expect(api.requests).toHaveLength(0);
    });
  });
});
