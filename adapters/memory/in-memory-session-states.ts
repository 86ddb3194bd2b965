import type { SessionState, SessionStates } from '../../application/ports/session-states';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import type { User } from '../../domain/identity/user';
import type { MemoryStore } from './memory-store';

export class InMemorySessionStates implements SessionStates {
  constructor(private readonly store: MemoryStore) {}

  async current(companyId: string, userId: string, sessionId: string): Promise<SessionState | null> {
    const user = this.store.table<User>('users').get(userId);
    if (!user || user.companyId !== companyId) return null;
    let known = false;
    for (const token of this.store.table<RefreshToken>('refresh_tokens').values()) {
      if (token.familyId !== sessionId) continue;
      if (token.revokedAt || token.companyId !== companyId || token.userId !== userId) return null;
      known = true;
    }
    return known ? { role: user.role } : null;
  }
}
