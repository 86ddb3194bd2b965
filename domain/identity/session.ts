import type { RefreshToken } from './refresh-token';

export type RefreshVerdict = 'usable' | 'reused' | 'expired' | 'revoked';

/**
 * What presenting this refresh token means. A spent token presented again is the mark of
 * a stolen token, so the caller revokes the whole family (SPEC §3.1).
 */
export function judgeRefreshToken(token: RefreshToken, now: Date): RefreshVerdict {
  if (token.spentAt) return 'reused';
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}
