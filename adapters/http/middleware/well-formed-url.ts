import type { Middleware } from 'koa';
import { appError } from '../../../domain/shared/errors';
import { errorBody } from '../error-to-http';

/**
 * Refuses a path or query string whose percent-escapes do not decode to UTF-8 text (`%ZZ`, a cut
 * `%E0%A4%A`, an encoded lone surrogate `%ED%A0%80`) with 400 `validation_failed` (SPEC §2).
 * Read loosely instead, the router would keep such an id raw and the query parser would put
 * U+FFFD in its place, so the client would get an answer about something it did not ask for.
 */
export function wellFormedUrl(): Middleware {
  return (ctx, next) => {
    const part = !decodes(ctx.path) ? 'path' : !decodes(ctx.querystring) ? 'query' : null;
    if (part === null) return next();
    ctx.status = 400;
    const details = [{ path: part, message: 'malformed percent-escape: each % must start an escape of UTF-8 text' }];
    ctx.body = errorBody(appError('validation_failed', `Invalid request ${part}`, { details }));
    return undefined;
  };
}

function decodes(raw: string): boolean {
  if (!raw.includes('%')) return true;
  try {
    decodeURIComponent(raw);
    return true;
  } catch {
    return false;
  }
}
