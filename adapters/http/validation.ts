import type { z } from 'zod';
import { appError, type AppError, type ErrorDetail } from '../../domain/shared/errors';

/** Parses `value` with `schema`, or names every offending field under `prefix`. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string,
): { ok: true; value: z.output<S> } | { ok: false; error: AppError<'validation_failed'> } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const details: ErrorDetail[] = parsed.error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String), ...unknownKeys(issue)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  return { ok: false, error: appError('validation_failed', `Invalid request ${prefix || 'body'}`, { details }) };
}

/** Zod reports unknown keys on the parent; name the key itself so clients see which one. */
function unknownKeys(issue: z.core.$ZodIssue): string[] {
  return issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [issue.keys[0] ?? ''] : [];
}
