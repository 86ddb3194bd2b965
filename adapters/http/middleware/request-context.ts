import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

const USABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Echoes or assigns `X-Request-Id`, gives the request a child logger and logs the outcome. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = USABLE_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    // Made on first use: most requests log nothing but their outcome, and that only when `info` is on.
    let log: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', { get: () => (log ??= logger.child({ requestId })), enumerable: true });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      if (logger.isLevelEnabled('info')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        (ctx.state.log as Logger).info({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
      }
    }
  };
}
