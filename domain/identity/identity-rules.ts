import { invalid, type AppError } from '../shared/errors';
import { err, ok, type Result } from '../shared/result';

type Invalid = AppError<'validation_failed'>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Emails are compared lower-cased and trimmed. */
export function normalEmail(raw: string, path = 'email'): Result<string, Invalid> {
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? ok(email) : err(invalid(path, 'must be an email address'));
}

export function checkPassword(password: string, path = 'password'): Result<string, Invalid> {
  return password.length >= 8 && password.length <= 128
    ? ok(password)
    : err(invalid(path, 'must be 8..128 characters'));
}

export function checkSlug(raw: string, path = 'slug'): Result<string, Invalid> {
  const slug = raw.trim();
  return slug.length >= 3 && slug.length <= 60 && SLUG.test(slug)
    ? ok(slug)
    : err(invalid(path, 'must be 3..60 lower-case letters, digits and single dashes'));
}

export function checkName(raw: string, path: string, max = 100): Result<string, Invalid> {
  const name = raw.trim();
  return name.length >= 1 && name.length <= max ? ok(name) : err(invalid(path, `must be 1..${max} characters`));
}
