// A stand-in for POST /api/v1/events/batch behind a fetch function, for the SDK's unit tests:
// it dedupes by messageId as the API does, and a test scripts its failures request by request.
import type { FetchLike } from '../../sdk/src/index';

export interface SeenRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly keepalive: boolean;
  readonly bodyBytes: number;
  readonly messageIds: string[];
  readonly events: Record<string, any>[];
  /** Date.now() when it arrived. */
  readonly at: number;
}

/**
 * What the fake does with request number `n` (from 0): answer normally (undefined), fail
 * before it reaches the "server" (`'network'`), store it and then lose the answer (`'lost'`),
 * or answer with a status (and optional headers/body) without storing.
 */
export type Script = (request: SeenRequest, n: number) => undefined | 'network' | 'lost' | { status: number; headers?: Record<string, string>; body?: unknown };

export interface FakeIngestApi {
  readonly fetch: FetchLike;
  readonly requests: SeenRequest[];
  /** messageId → how many times it was stored (1 at most, as the API promises). */
  readonly stored: Map<string, number>;
  /** Resolves with the next request to arrive. */
  nextRequest(): Promise<SeenRequest>;
}

export function fakeIngestApi(script: Script = () => undefined, reject: (event: Record<string, any>) => string | null = () => null): FakeIngestApi {
  const requests: SeenRequest[] = [];
  const stored = new Map<string, number>();
  let waiting: ((request: SeenRequest) => void)[] = [];
  const fetch: FetchLike = async (url, init) => {
    const events = (JSON.parse(init.body) as { events: Record<string, any>[] }).events;
    const request: SeenRequest = {
      url, headers: init.headers, keepalive: init.keepalive === true, bodyBytes: Buffer.byteLength(init.body),
      messageIds: events.map((event) => event.messageId), events, at: Date.now(),
    };
    const n = requests.push(request) - 1;
    const notify = waiting;
    waiting = [];
    for (const resolve of notify) resolve(request);
    const scripted = script(request, n);
    if (scripted === 'network') throw new TypeError('fetch failed');
    if (scripted && scripted !== 'lost') {
      return new Response(scripted.body === undefined ? '' : JSON.stringify(scripted.body), { status: scripted.status, headers: scripted.headers });
    }
    let accepted = 0;
    let duplicates = 0;
    const rejected: { index: number; error: { code: string; message: string } }[] = [];
    events.forEach((event, index) => {
      const problem = reject(event);
      if (problem) rejected.push({ index, error: { code: 'invalid_event', message: problem } });
      else if (stored.has(event.messageId)) duplicates++;
      else {
        stored.set(event.messageId, 1);
        accepted++;
      }
    });
    if (scripted === 'lost') throw new TypeError('fetch failed: the connection closed before the answer');
    return new Response(JSON.stringify({ accepted, duplicates, rejected }), { status: 202, headers: { 'content-type': 'application/json' } });
  };
  return {
    fetch, requests, stored,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

/** A Web Storage twin in a Map, the way localStorage behaves within one origin. */
export function mapStorage(): { getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void; key(i: number): string | null; readonly length: number; readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    key: (index) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}
