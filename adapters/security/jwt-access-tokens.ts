import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AccessTokens, AccessTokenFailure, IssuedAccessToken } from '../../application/ports/access-tokens';
import type { Clock } from '../../application/ports/clock';
import type { Actor } from '../../domain/identity/actor';
import { ROLES, type Role } from '../../domain/identity/role';

export interface JwtSettings {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
}

/** HS256 only: the algorithm is pinned on verify, so `alg: none` or RS/HS confusion is refused. */
export class JwtAccessTokens implements AccessTokens {
  // Built once: handed a string, jsonwebtoken derives a KeyObject on every call (~0.4 ms,
  // the largest cost of an authenticated request); with the KeyObject it is ~8 µs.
  private readonly key: KeyObject;

  constructor(
    private readonly settings: JwtSettings,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  issue(actor: Actor): IssuedAccessToken {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const token = jwt.sign(
      { cid: actor.companyId, role: actor.role, iat: now, exp: now + this.settings.ttlSeconds },
      this.key,
      { algorithm: 'HS256', issuer: this.settings.issuer, audience: this.settings.audience, subject: actor.userId },
    );
    return { token, expiresInSeconds: this.settings.ttlSeconds };
  }

  verify(token: string): { ok: true; actor: Actor } | { ok: false; reason: AccessTokenFailure } {
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (typeof claims === 'string' || typeof claims.sub !== 'string' || typeof claims.cid !== 'string') {
        return { ok: false, reason: 'unauthenticated' };
      }
      if (!ROLES.includes(claims.role as Role)) return { ok: false, reason: 'unauthenticated' };
      return { ok: true, actor: { userId: claims.sub, companyId: claims.cid, role: claims.role as Role } };
    } catch (error) {
      return { ok: false, reason: error instanceof jwt.TokenExpiredError ? 'token_expired' : 'unauthenticated' };
    }
  }
}
