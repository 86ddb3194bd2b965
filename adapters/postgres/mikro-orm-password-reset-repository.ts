import type { EntityManager } from '@mikro-orm/postgresql';
import type { PasswordResetRepository } from '../../application/ports/password-reset-repository';
import type { PasswordReset } from '../../domain/identity/password-reset';
import { PasswordResetSchema, type PasswordResetRow } from './schemas/password-reset-schema';

export class MikroOrmPasswordResetRepository implements PasswordResetRepository {
  constructor(private readonly em: EntityManager) {}

  async byHash(tokenHash: string): Promise<PasswordReset | null> {
    const row = await this.em.findOne(PasswordResetSchema, { tokenHash });
    return row ? toReset(row) : null;
  }

  async save(reset: PasswordReset): Promise<void> {
    await this.em.upsert(PasswordResetSchema, { ...reset });
  }
}

const toReset = (row: PasswordResetRow): PasswordReset => ({
  id: row.id,
  companyId: row.companyId,
  userId: row.userId,
  tokenHash: row.tokenHash,
  expiresAt: row.expiresAt,
  usedAt: row.usedAt,
  createdAt: row.createdAt,
});
