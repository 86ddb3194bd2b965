import type { SessionActor } from '../../domain/identity/actor';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface LogOutInput {
  readonly actor: SessionActor;
  /** Ends this refresh token's session family; without it, the session of the caller's access token ends. */
  readonly refreshToken?: string | undefined;
}

/** Always succeeds: an unknown token, or one of somebody else, changes nothing and is not reported. */
export class LogOut {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly clock: Clock,
  ) {}

  execute(input: LogOutInput): Promise<Result<void, never>> {
    const { actor } = input;
    return this.uow.run(async (tx) => {
      const now = this.clock.now();
      if (input.refreshToken === undefined) {
        // The session id comes from a verified access token, so the family is the caller's.
        await tx.refreshTokens.revokeFamily(actor.sessionId, now);
        return ok(undefined);
      }
      const token = await tx.refreshTokens.byHash(this.secrets.hash(input.refreshToken));
      if (token && token.userId === actor.userId && token.companyId === actor.companyId) {
        await tx.refreshTokens.revokeFamily(token.familyId, now);
      }
      return ok(undefined);
    });
  }
}
