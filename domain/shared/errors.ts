// The stable machine codes of SPEC §2. Use cases return these as values; the HTTP
// adapter maps each to a status in one exhaustive switch.
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'token_expired'
  | 'token_reused'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'insufficient_stock'
  | 'rate_limited'
  /** Too little data for the answer asked for (a forecast with under 2 days of prices). */
  | 'insufficient_history'
  /** A dependency the request needs (the message bus) is down; retry later. */
  | 'unavailable';

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export interface AppError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly message: string;
  readonly details?: readonly ErrorDetail[];
  /** Seconds until a rate-limited caller may retry. */
  readonly retryAfterSeconds?: number;
}

export const appError = <C extends ErrorCode>(
  code: C,
  message: string,
  extra: Omit<AppError<C>, 'code' | 'message'> = {},
): AppError<C> => ({ code, message, ...extra });

export const notFound = (what: string): AppError<'not_found'> => appError('not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this'): AppError<'forbidden'> => appError('forbidden', message);
export const conflict = (message: string): AppError<'conflict'> => appError('conflict', message);
export const invalid = (path: string, message: string): AppError<'validation_failed'> =>
  appError('validation_failed', message, { details: [{ path, message }] });
