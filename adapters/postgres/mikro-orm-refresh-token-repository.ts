import type { EntityManager } from '@mikro-orm/postgresql';
import type { RefreshTokenRepository } from '../../application/ports/refresh-token-repository';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import { RefreshTokenSchema, type RefreshTokenRow } from './schemas/refresh-token-schema';

export class MikroOrmRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly em: EntityManager) {}

  async byHash(tokenHash: string): Promise<RefreshToken | null> {
    const row = await this.em.findOne(RefreshTokenSchema, { tokenHash });
    return row ? toToken(row) : null;
  }

  async save(token: RefreshToken): Promise<void> {
    await this.em.upsert(RefreshTokenSchema, { ...token });
  }

  async spend(id: string, at: Date): Promise<boolean> {
    // Conditional update: of two concurrent rotations only one sees spent_at still null.
    return (await this.em.nativeUpdate(RefreshTokenSchema, { id, spentAt: null }, { spentAt: at })) === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.em.nativeUpdate(RefreshTokenSchema, { familyId, revokedAt: null }, { revokedAt: at });
  }

  async revokeAllOfUser(companyId: string, userId: string, at: Date): Promise<void> {
    await this.em.nativeUpdate(RefreshTokenSchema, { companyId, userId, revokedAt: null }, { revokedAt: at });
  }
}

const toToken = (row: RefreshTokenRow): RefreshToken => ({
  id: row.id,
  companyId: row.companyId,
  userId: row.userId,
  familyId: row.familyId,
  tokenHash: row.tokenHash,
  expiresAt: row.expiresAt,
  spentAt: row.spentAt,
  revokedAt: row.revokedAt,
  createdAt: row.createdAt,
});
