import type { PasswordResetRepository } from '../../application/ports/password-reset-repository';
import type { PasswordReset } from '../../domain/identity/password-reset';
import type { MemoryStore } from './memory-store';

export class InMemoryPasswordResetRepository implements PasswordResetRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<PasswordReset>('password_resets');
  }

  async byHash(tokenHash: string): Promise<PasswordReset | null> {
    return [...this.rows.values()].find((r) => r.tokenHash === tokenHash) ?? null;
  }

  async save(reset: PasswordReset): Promise<void> {
    this.rows.set(reset.id, reset);
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    const reset = this.rows.get(id);
    if (!reset || reset.usedAt) return false;
    this.rows.set(id, { ...reset, usedAt: at });
    return true;
  }
}
