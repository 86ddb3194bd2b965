import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { answerUnhandled } from './error-handler';
import { httpMetrics } from './http-metrics';

const USABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The one middleware every request passes: echoes or assigns `X-Request-Id`, answers what
 * the routes let escape, records the latency by route and logs the outcome. One layer rather
 * than three, because the hottest reads pay for every layer on every request. Log lines carry
 * the id as a field rather than through a child logger per request.
 */
export function requestContext(logger: Logger, registry: Registry): Middleware {
  const record = httpMetrics(registry);
  return async (ctx, next) => {
    const started = performance.now();
    const given = ctx.get('x-request-id');
    const requestId = USABLE_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } catch (caught) {
      answerUnhandled(ctx, caught, logger);
    }
    const ms = performance.now() - started;
    record(ctx.method, (ctx.state.routeTemplate as string | undefined) ?? 'unmatched', ctx.status, ms / 1000);
    if (logger.isLevelEnabled('info')) logger.info({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
  };
}
