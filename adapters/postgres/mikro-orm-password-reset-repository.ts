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
    await this.em.upsert(PasswordResetSchema, toRow(reset));
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    // Conditional update: of two concurrent confirmations only one sees used_at still null.
    return (await this.em.nativeUpdate(PasswordResetSchema, { id, usedAt: null }, { usedAt: at })) === 1;
  }
}

const toRow = (r: PasswordReset): PasswordResetRow => ({
  id: r.id,
  companyId: r.companyId,
  userId: r.userId,
  tokenHash: r.tokenHash,
  expiresAt: r.expiresAt,
  usedAt: r.usedAt,
  createdAt: r.createdAt,
});

const toReset = (row: PasswordResetRow): PasswordReset => ({
  id: row.id,
  companyId: row.companyId,
  userId: row.userId,
  tokenHash: row.tokenHash,
  expiresAt: row.expiresAt,
  usedAt: row.usedAt,
  createdAt: row.createdAt,
});
