// What a failed statement may tell about itself. Drivers put values in their errors: PostgreSQL's
// `detail` (`Key (email)=(…) already exists`), some messages (`invalid input syntax for type
// uuid: "…"`), PGlite's `params`, and knex prefixes every message with the statement formatted
// with its values. An error leaving the store keeps its SQLSTATE, the names of the schema
// objects involved and the statement's shape, and nothing else.

/** The SQLSTATE classes whose messages name schema objects only, never a value. */
const MESSAGES_WITHOUT_VALUES = new Set(['08', '23', '25', '40', '42', '53', '54', '55', '57', '58']);
const VALUE_FIELDS = ['detail', 'where', 'hint', 'internalQuery', 'query', 'params', 'queryOptions'] as const;
const SAFE_MESSAGE = Symbol('safeMessage');

type ErrorFields = Error & Record<string | symbol, unknown>;

/** Strips what could hold a value from a driver's error, in place, and remembers the safe message. */
export function scrubDriverError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const fields = error as ErrorFields;
  const code = sqlState(fields);
  const message = code === undefined ? error.message : safeMessage(code, error.message);
  for (const field of VALUE_FIELDS) delete fields[field];
  fields[SAFE_MESSAGE] = message;
  rewriteMessage(fields, message);
  return error;
}

/**
 * Undoes what knex added on the way up (the statement with its values) and names the statement
 * by its shape: `statement` holds the SQL with its placeholders.
 */
export function describeFailedStatement(error: unknown, statement: string): unknown {
  if (!(error instanceof Error)) return error;
  const fields = error as ErrorFields;
  const message = fields[SAFE_MESSAGE];
  if (typeof message === 'string') rewriteMessage(fields, message);
  fields.statement = statement;
  return error;
}

// SQLSTATE classes start with a digit or are F0, HV, P0, XX, so `EPIPE` and the like stay out.
const SQLSTATE = /^(?:\d[\dA-Z]|F0|HV|P0|XX)[\dA-Z]{3}$/;

/** Whether `code` is a SQLSTATE (`23505`), as opposed to a connection code or nothing. */
export const isSqlState = (code: unknown): code is string => typeof code === 'string' && SQLSTATE.test(code);

function sqlState(fields: ErrorFields): string | undefined {
  return isSqlState(fields.code) ? fields.code : undefined;
}

function safeMessage(code: string, message: string): string {
  return MESSAGES_WITHOUT_VALUES.has(code.slice(0, 2)) ? `${message} (SQLSTATE ${code})` : `statement failed (SQLSTATE ${code})`;
}

/** The stack's first lines repeat the message, so they are rewritten with it. */
function rewriteMessage(fields: ErrorFields, message: string): void {
  const frames = (fields.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  fields.message = message;
  fields.stack = [`${fields.name}: ${message}`, ...frames].join('\n');
}
