import { assertNever } from '../../domain/shared/assert-never';
import type { AppError, ErrorCode } from '../../domain/shared/errors';

/** The one place that turns an error code into an HTTP status (SPEC §2). */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'token_expired':
    case 'token_reused':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'invalid_transition':
    case 'insufficient_stock':
      return 409;
    case 'insufficient_history':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default:
      return assertNever(code);
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly unknown[] };
}

/** An answer names at most this many problems (its message says how many there were), so a hostile request cannot make it huge. */
export const MAX_NAMED_PROBLEMS = 20;

export function errorBody(error: Pick<AppError, 'code' | 'message' | 'details'> | { code: string; message: string; details?: readonly unknown[] }): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details.slice(0, MAX_NAMED_PROBLEMS) } : {}) } };
}
