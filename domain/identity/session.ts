import type { RefreshToken } from './refresh-token';

export type RefreshVerdict = 'usable' | 'recently_spent' | 'reused' | 'expired' | 'revoked';

/**
 * What presenting this refresh token means. A spent token presented again less than
 * `reuseLeewayMs` after its spending (0: never) is a second client of the same session (two tabs
 * refreshing at once) and gets the successor already issued; later it is the mark of a
 * stolen token, so the caller revokes the whole family (SPEC §3.1). A spent token of a
 * revoked family stays `reused`, whatever the time.
 */
export function judgeRefreshToken(token: RefreshToken, now: Date, reuseLeewayMs: number): RefreshVerdict {
  if (token.spentAt) {
    const recent = token.revokedAt === null && now.getTime() - token.spentAt.getTime() < reuseLeewayMs;
    return recent ? 'recently_spent' : 'reused';
  }
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}
