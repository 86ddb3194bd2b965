// Value rules of the identity module (SPEC §3.1): each returns the normalised value or a
// validation error naming the offending field.
import { invalid, type AppError } from '../shared/errors';
import { err, ok, type Result } from '../shared/result';

type Invalid = AppError<'validation_failed'>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
export const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 100;
export const COMPANY_NAME_MAX = 200;

/** How an email is stored and compared: trimmed and lower-cased. */
export const emailKey = (raw: string): string => raw.trim().toLowerCase();

/** How a slug is looked up, so `Acme ` finds `acme`. */
export const slugKey = (raw: string): string => raw.trim().toLowerCase();

/** A stored email: trimmed, lower-cased, one `@` with a dotted domain, at most 254 characters. */
export function normalEmail(raw: string, path = 'email'): Result<string, Invalid> {
  const email = emailKey(raw);
  return email.length <= EMAIL_MAX && EMAIL.test(email) ? ok(email) : err(invalid(path, 'must be an email address'));
}

/** 8..128 characters, taken as typed (no trimming: spaces may be part of a passphrase). */
export function checkPassword(password: string, path = 'password'): Result<string, Invalid> {
  return password.length >= PASSWORD_MIN && password.length <= PASSWORD_MAX
    ? ok(password)
    : err(invalid(path, `must be ${PASSWORD_MIN}..${PASSWORD_MAX} characters`));
}

/** 3..60 lower-case letters and digits in dash-separated groups, e.g. `acme-shoes-2`. */
export function checkSlug(raw: string, path = 'slug'): Result<string, Invalid> {
  const slug = raw.trim();
  return slug.length >= SLUG_MIN && slug.length <= SLUG_MAX && SLUG.test(slug)
    ? ok(slug)
    : err(invalid(path, `must be ${SLUG_MIN}..${SLUG_MAX} lower-case letters, digits and single dashes`));
}

/** A trimmed name of 1..max characters (display names: 100). */
export function checkName(raw: string, path: string, max = DISPLAY_NAME_MAX): Result<string, Invalid> {
  const name = raw.trim();
  return name.length >= 1 && name.length <= max ? ok(name) : err(invalid(path, `must be 1..${max} characters`));
}
