import { checkPassword } from '../../domain/identity/identity-rules';
import { isGrantUsable } from '../../domain/identity/password-reset';
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

const badToken = () => invalid('token', 'The reset token is invalid, used or expired');

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
    const tokenHash = this.secrets.hash(input.token);
    // A cheap look first, so guessed tokens never cost a memory-hard hash.
    const grant = await this.uow.read((r) => r.passwordResets.byHash(tokenHash));
    if (!grant || !isGrantUsable(grant, this.clock.now())) return err(badToken());
    const passwordHash = await this.hasher.hash(password.value);
    return this.uow.run(async (tx): Promise<Result<void, ConfirmPasswordResetError>> => {
      const now = this.clock.now();
      const current = await tx.passwordResets.byHash(tokenHash);
      if (!current || !isGrantUsable(current, now)) return err(badToken());
      const user = await tx.users.byId(current.companyId, current.userId);
      if (!user) return err(badToken());
      // Conditional: of two concurrent confirmations with one token, only one sets a password.
      if (!(await tx.passwordResets.markUsed(current.id, now))) return err(badToken());
      await tx.users.save({ ...user, passwordHash, updatedAt: now });
      await tx.refreshTokens.revokeAllOfUser(user.companyId, user.id, now);
      return ok(undefined);
    });
  }
}
