import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AccessTokens, IssuedAccessToken, VerifiedAccessToken } from '../../application/ports/access-tokens';
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
  /**
   * Tokens already verified, by their exact text (signature included, so a changed token is a
   * different key), with their expiry: a cached read then costs no HMAC and no JSON parsing,
   * which were a third of its time. Only successes are kept, each as the very answer it gives.
   */
  private readonly verified = new LRUCache<string, { answer: VerifiedAccessToken; expiresAt: number }>({ max: 10_000 });

  constructor(
    private readonly settings: JwtSettings,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  issue(actor: Actor, sessionId: string): IssuedAccessToken {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const token = jwt.sign(
      { cid: actor.companyId, role: actor.role, sid: sessionId, iat: now, exp: now + this.settings.ttlSeconds },
      this.key,
      { algorithm: 'HS256', issuer: this.settings.issuer, audience: this.settings.audience, subject: actor.userId },
    );
    return { token, expiresInSeconds: this.settings.ttlSeconds };
  }

  verify(token: string): VerifiedAccessToken {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's rule: expired from the `exp` second on.
      if (now < known.expiresAt) return known.answer;
      this.verified.delete(token);
      return { ok: false, reason: 'token_expired' };
    }
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTimestamp: now,
      });
      if (
        typeof claims === 'string' || typeof claims.sub !== 'string' || typeof claims.cid !== 'string'
        || typeof claims.sid !== 'string' || typeof claims.exp !== 'number'
      ) {
        return { ok: false, reason: 'unauthenticated' };
      }
      if (!ROLES.includes(claims.role as Role)) return { ok: false, reason: 'unauthenticated' };
      const answer: VerifiedAccessToken = {
        ok: true,
        actor: { userId: claims.sub, companyId: claims.cid, role: claims.role as Role },
        sessionId: claims.sid,
        expiresAt: new Date(claims.exp * 1000),
      };
      this.verified.set(token, { answer, expiresAt: claims.exp });
      return answer;
    } catch (error) {
      return { ok: false, reason: error instanceof jwt.TokenExpiredError ? 'token_expired' : 'unauthenticated' };
    }
  }
}
