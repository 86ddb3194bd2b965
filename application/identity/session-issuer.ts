import type { User } from '../../domain/identity/user';
import type { AccessTokens } from '../ports/access-tokens';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Secrets } from '../ports/secrets';
import type { Transaction } from '../ports/unit-of-work';

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** Issues an access token and a refresh token of a (new or continuing) session family. */
export class SessionIssuer {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly secrets: Secrets,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly refreshTtlDays: number,
  ) {}

  /**
   * Stores a refresh token of `familyId` (a new family by default) and answers it with an
   * access token. A rotation passes the successor's secret, derived from the spent token.
   */
  async issue(tx: Transaction, user: User, familyId: string = this.ids.next(), refreshToken: string = this.secrets.generate()): Promise<Tokens> {
    const now = this.clock.now();
    await tx.refreshTokens.save({
      id: this.ids.next(),
      companyId: user.companyId,
      userId: user.id,
      familyId,
      tokenHash: this.secrets.hash(refreshToken),
      expiresAt: new Date(now.getTime() + this.refreshTtlDays * 86_400_000),
      spentAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return this.pair(user, familyId, refreshToken);
  }

  /** A refresh token already stored in `familyId`, with a new access token of that session beside it. */
  pair(user: User, familyId: string, refreshToken: string): Tokens {
    // The family is the session: its access tokens live only as long as it does (Authenticate).
    const access = this.accessTokens.issue({ userId: user.id, companyId: user.companyId, role: user.role }, familyId);
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresInSeconds };
  }
}
