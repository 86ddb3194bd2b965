// /metrics tells routes, latencies, versions and memory, so it is not public: with a token it
// asks for `Authorization: Bearer <token>`. One answer shared by the API's route, the separate
// METRICS_PORT server and the worker's probe server.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { errorBody } from './error-to-http';

export interface MetricsAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Answers a scrape given its Authorization header; open to anyone when `token` is undefined. */
export type MetricsEndpoint = (authorization: string | undefined) => Promise<MetricsAnswer>;

const REFUSED: MetricsAnswer = {
  status: 401,
  headers: { 'Content-Type': 'application/json; charset=utf-8', 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store' },
  body: JSON.stringify(errorBody({ code: 'unauthenticated', message: 'Send Authorization: Bearer <METRICS_TOKEN>' })),
};

export function metricsEndpoint(registry: Registry, token: string | undefined): MetricsEndpoint {
  const admits = token === undefined ? () => true : bearerOf(token);
  return async (authorization) => {
    if (!admits(authorization ?? '')) return REFUSED;
    return { status: 200, headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }, body: await registry.metrics() };
  };
}

/**
 * Compares digests, which have one length whatever was sent, so neither the comparison's time
 * nor an early length check tells how much of the token a guess got right.
 */
function bearerOf(token: string): (authorization: string) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const given = /^Bearer (\S+)$/i.exec(authorization)?.[1];
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** A server of its own for METRICS_PORT: /metrics and nothing else. */
export function metricsListener(endpoint: MetricsEndpoint): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody({ code: 'not_found', message: 'Only GET /metrics is served here' })));
      return;
    }
    writeMetrics(res, endpoint, req.headers.authorization);
  };
}

/** Writes the endpoint's answer on a plain Node response (the metrics and probe servers). */
export function writeMetrics(res: ServerResponse, endpoint: MetricsEndpoint, authorization: string | undefined): void {
  endpoint(authorization).then(
    (answer) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    },
    () => {
      res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody({ code: 'internal', message: 'Collecting the metrics failed' })));
    },
  );
}
