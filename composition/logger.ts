// The one way a process makes its logger. A store error is logged as its shape only: the
// driver inlines the failing row's values into its message, detail and stack header (password
// hashes, emails, names), so none of those reach a log line.
import { DriverException } from '@mikro-orm/core';
import pino, { stdSerializers, type DestinationStream, type LevelWithSilent, type LogFn, type Logger, type LoggerOptions } from 'pino';
import { isSqlState } from '../adapters/postgres/store-errors';

/** What a log line may say about a failed statement. */
export interface SafeStoreError {
  readonly type: string;
  /** The driver's code: a SQLSTATE such as `23505`, or a connection code such as `ECONNREFUSED`. */
  readonly code?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  /** The SQL with `$1`/`?` placeholders, when the connection attached it. */
  readonly statement?: string;
  /** Stack frames only: the header line(s) repeat the message. */
  readonly stack: string;
}

/** Fields a thrown value may carry; every one is read as `unknown`. */
interface ErrorFields {
  readonly constructor?: unknown;
  readonly name?: unknown;
  readonly message?: unknown;
  readonly stack?: unknown;
  readonly code?: unknown;
  readonly sqlState?: unknown;
  readonly constraint?: unknown;
  readonly table?: unknown;
  readonly column?: unknown;
  readonly statement?: unknown;
  readonly cause?: unknown;
  readonly previous?: unknown;
  readonly err?: unknown;
  readonly error?: unknown;
}

/** Fields that only ever hold secrets, wherever they are logged by mistake. */
export const REDACTED_PATHS = [
  'password', 'newPassword', 'passwordHash', 'token', 'tokens', 'accessToken', 'refreshToken', 'resetToken', 'tokenHash',
  'secret', 'apiKey', 'authorization', 'body',
  'req.headers.authorization', 'headers.authorization', 'headers["x-api-key"]', 'err.body', 'error.body',
];

export const CENSOR = '[redacted]';

const DRIVER_CODE = /^[\w-]{1,32}$/;
const OBJECT_NAME = /^[\w$.-]{1,128}$/;
const FRAME = /^\s+at /;
// The statement should hold placeholders only; a literal that slips in is masked anyway.
const QUOTED_LITERAL = /'(?:[^']|'')*'/g;
const MAX_STATEMENT = 4000;
const MAX_CHAIN = 8;

function isObject(value: unknown): value is ErrorFields {
  return typeof value === 'object' && value !== null;
}

function isStoreErrorItself(error: ErrorFields): boolean {
  if (error instanceof DriverException) return true;
  if (typeof error.constructor === 'function' && error.constructor.name === 'DatabaseError') return true;
  return isSqlState(error.code) || isSqlState(error.sqlState);
}

/** The value and its causes, outermost first, stopping at a cycle or a sane depth. */
function chainOf(value: ErrorFields): ErrorFields[] {
  const chain: ErrorFields[] = [];
  let current: unknown = value;
  while (isObject(current) && !chain.includes(current) && chain.length < MAX_CHAIN) {
    chain.push(current);
    current = current.cause ?? current.previous;
  }
  return chain;
}

function storeErrorIn(value: unknown): ErrorFields | undefined {
  return isObject(value) ? chainOf(value).find(isStoreErrorItself) : undefined;
}

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && OBJECT_NAME.test(value) ? value : undefined;
}

function codeOf(error: ErrorFields): string | undefined {
  const code = error.sqlState ?? error.code;
  return typeof code === 'string' && DRIVER_CODE.test(code) ? code : undefined;
}

function statementOf(chain: readonly ErrorFields[]): string | undefined {
  const statement = chain.map((error) => error.statement).find((value) => typeof value === 'string');
  return typeof statement === 'string' ? statement.slice(0, MAX_STATEMENT).replace(QUOTED_LITERAL, '?') : undefined;
}

/**
 * Frame lines of every error in the chain. A line that also occurs in a message is dropped:
 * a multi-line message (or a value holding "\n    at ") must not pass for a frame.
 */
function framesOf(chain: readonly ErrorFields[]): string {
  const messageLines = new Set(chain.flatMap((error) => (typeof error.message === 'string' ? error.message.split('\n') : [])));
  return chain
    .flatMap((error) => (typeof error.stack === 'string' ? error.stack.split('\n') : []))
    .filter((line) => FRAME.test(line) && !messageLines.has(line))
    .join('\n');
}

// A bare driver error is named by its role: PGlite's minified class is called `C`.
function typeOf(outermost: ErrorFields, store: ErrorFields): string {
  if (outermost === store && !(store instanceof DriverException)) return 'DatabaseError';
  if (typeof outermost.constructor === 'function' && outermost.constructor.name) return outermost.constructor.name;
  return typeof outermost.name === 'string' ? outermost.name : 'Error';
}

function safeStoreError(chain: readonly ErrorFields[], store: ErrorFields): SafeStoreError {
  const outermost = chain[0] ?? store;
  const fields: Record<string, string | undefined> = {
    code: codeOf(store),
    constraint: nameOf(store.constraint),
    table: nameOf(store.table),
    column: nameOf(store.column),
    statement: statementOf(chain),
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { type: typeOf(outermost, store), ...present, stack: framesOf(chain) };
}

/**
 * pino's `err`/`error` serializer: a store error (or an error caused by one) becomes a
 * {@link SafeStoreError}; any other error keeps pino's standard form. A thrown non-error is
 * reduced to its kind, since it may be any object (a request body, a row).
 */
export function serializeError(value: unknown): unknown {
  if (!isObject(value) || typeof value.message !== 'string') return { type: 'NonError', kind: typeof value };
  const chain = chainOf(value);
  const store = chain.find(isStoreErrorItself);
  return store ? safeStoreError(chain, store) : stdSerializers.err(value as Error);
}

function holdsStoreError(value: unknown): boolean {
  return isObject(value) && (storeErrorIn(value) ?? storeErrorIn(value.err) ?? storeErrorIn(value.error)) !== undefined;
}

// Without a message argument pino uses the error's message for the line: a store error's
// message inlines values, so such a line gets a fixed one.
function withoutStoreMessage(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  if (args.length === 1 && holdsStoreError(args[0])) {
    method.call(this, args[0], 'store error');
    return;
  }
  method.apply(this, args);
}

/** Every process logs to stdout ({@link stdoutLogDestination}) unless given a destination (tests). */
export function createLogger(level: LevelWithSilent, destination: DestinationStream = stdoutLogDestination()): Logger {
  const options: LoggerOptions = {
    level,
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    hooks: { logMethod: withoutStoreMessage },
  };
  return pino(options, destination);
}

/**
 * stdout for log lines, written synchronously. pino's default destination buffers lines and
 * flushes them in a `process.exit` hook whose write loop retries a failed write every 100 ms
 * forever: once the log reader was gone (EPIPE), `process.exit` never returned, and no signal
 * or timer ran again. A synchronous destination has no such hook.
 *
 * When the reader goes away the process keeps serving and its log lines are lost (pino stops
 * writing on EPIPE; any other write error is dropped here). A reader that stays but stops
 * reading slows the process down to its pace: lines are neither dropped nor buffered without bound.
 */
export function stdoutLogDestination(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: true });
  destination.on('error', () => undefined);
  return destination;
}

