import type { RefreshTokenRepository } from '../../application/ports/refresh-token-repository';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import type { MemoryStore } from './memory-store';

export class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<RefreshToken>('refresh_tokens');
  }

  async byHash(tokenHash: string): Promise<RefreshToken | null> {
    return [...this.rows.values()].find((t) => t.tokenHash === tokenHash) ?? null;
  }

  async save(token: RefreshToken): Promise<void> {
    this.rows.set(token.id, token);
  }

  async spend(id: string, at: Date): Promise<boolean> {
    const token = this.rows.get(id);
    if (!token || token.spentAt) return false;
    this.rows.set(id, { ...token, spentAt: at });
    return true;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    this.revokeWhere((t) => t.familyId === familyId, at);
  }

  async revokeAllOfUser(companyId: string, userId: string, at: Date): Promise<void> {
    this.revokeWhere((t) => t.companyId === companyId && t.userId === userId, at);
  }

  private revokeWhere(matches: (token: RefreshToken) => boolean, at: Date): void {
    for (const token of this.rows.values()) {
      if (matches(token) && !token.revokedAt) this.rows.set(token.id, { ...token, revokedAt: at });
    }
  }
}
