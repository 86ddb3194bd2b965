import type { Context } from 'koa';
import type { Logger } from 'pino';
import { InvalidCursor } from '../../../domain/shared/page';
import { errorBody } from '../error-to-http';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/**
 * Last line of defence for an error that escaped the routes: body-parser failures become
 * their SPEC codes and are not logged, anything else is a 500 with no internals in the body.
 * The 500's log line holds the request id and the error under `err` only, so the logger's
 * serializer reduces a store error to its shape; the body and headers may hold secrets.
 */
export function answerUnhandled(ctx: Context, caught: unknown, logger: Logger): void {
  if (caught instanceof InvalidCursor) {
    // A list refused a cursor of its form but not of its keys (another list's, or forged).
    ctx.status = 400;
    ctx.body = errorBody({ code: 'validation_failed', message: 'Invalid request query', details: [{ path: 'query.cursor', message: caught.message }] });
    return;
  }
  const error = (caught ?? {}) as HttpishError;
  const status = error.status ?? error.statusCode ?? 500;
  if (status === 413 || error.type === 'entity.too.large') {
    ctx.status = 413;
    ctx.body = errorBody({ code: 'payload_too_large', message: 'The request body is too large' });
  } else if (status === 415) {
    ctx.status = 415;
    ctx.body = errorBody({ code: 'unsupported_media_type', message: 'Send application/json' });
  } else if (status >= 400 && status < 500) {
    ctx.status = 400;
    ctx.body = errorBody({ code: 'malformed_json', message: 'The request body is not valid JSON' });
  } else {
    logger.error({ err: caught, requestId: ctx.state.requestId as string }, 'unhandled error');
    ctx.status = 500;
    ctx.body = errorBody({ code: 'internal', message: 'Something went wrong; quote the request id when reporting it' });
  }
}
