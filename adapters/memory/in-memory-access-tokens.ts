import type { AccessTokens, IssuedAccessToken, VerifiedAccessToken } from '../../application/ports/access-tokens';
import type { Clock } from '../../application/ports/clock';
import type { Actor } from '../../domain/identity/actor';

/** Opaque tokens remembered in a map: the port's behaviour without cryptography (unit tests). */
export class InMemoryAccessTokens implements AccessTokens {
  private readonly issued = new Map<string, { actor: Actor; sessionId: string; expiresAt: number }>();
  private next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = 900,
  ) {}

  issue(actor: Actor, sessionId: string): IssuedAccessToken {
    const token = `memory-token-${++this.next}`;
    this.issued.set(token, { actor, sessionId, expiresAt: this.clock.now().getTime() + this.ttlSeconds * 1000 });
    return { token, expiresInSeconds: this.ttlSeconds };
  }

  verify(token: string): VerifiedAccessToken {
    const entry = this.issued.get(token);
    if (!entry) return { ok: false, reason: 'unauthenticated' };
    if (this.clock.now().getTime() >= entry.expiresAt) return { ok: false, reason: 'token_expired' };
    return { ok: true, actor: entry.actor, sessionId: entry.sessionId, expiresAt: new Date(entry.expiresAt) };
  }
}
