import { checkPassword } from '../../domain/identity/identity-rules';
import { invalid, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface ConfirmPasswordResetInput {
  readonly token: string;
  readonly newPassword: string;
}
export type ConfirmPasswordResetError = AppError<'validation_failed'>;

/** Sets the new password once per grant and ends every existing session of the user. */
export class ConfirmPasswordReset {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: ConfirmPasswordResetInput): Promise<Result<void, ConfirmPasswordResetError>> {
    const password = checkPassword(input.newPassword, 'newPassword');
    if (!password.ok) return password;
    const passwordHash = await this.hasher.hash(password.value);
    return this.uow.run(async (tx): Promise<Result<void, ConfirmPasswordResetError>> => {
      const now = this.clock.now();
      const grant = await tx.passwordResets.byHash(this.secrets.hash(input.token));
      if (!grant || grant.usedAt || grant.expiresAt.getTime() <= now.getTime()) {
        return err(invalid('token', 'The reset token is invalid, used or expired'));
      }
      const user = await tx.users.byId(grant.companyId, grant.userId);
      if (!user) return err(invalid('token', 'The reset token is invalid, used or expired'));
      await tx.passwordResets.save({ ...grant, usedAt: now });
      await tx.users.save({ ...user, passwordHash, updatedAt: now });
      await tx.refreshTokens.revokeAllOfUser(user.companyId, user.id, now);
      return ok(undefined);
    });
  }
}
