import type { Actor } from '../../domain/identity/actor';
import { isAtLeast, type Role } from '../../domain/identity/role';
import { forbidden, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';

export function requireRole(actor: Actor, minimum: Role): Result<void, AppError<'forbidden'>> {
  return isAtLeast(actor.role, minimum) ? ok(undefined) : err(forbidden(`Requires the ${minimum} role or above`));
}
