import type { ApiKeyRepository } from '../../application/ports/api-key-repository';
import type { ApiKey } from '../../domain/identity/api-key';
import type { MemoryStore } from './memory-store';

export class InMemoryApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<ApiKey>('api_keys');
  }

  async byId(companyId: string, id: string): Promise<ApiKey | null> {
    const key = this.rows.get(id);
    return key && key.companyId === companyId ? key : null;
  }

  async bySecretHash(secretHash: string): Promise<ApiKey | null> {
    return [...this.rows.values()].find((k) => k.secretHash === secretHash) ?? null;
  }

  async list(companyId: string): Promise<readonly ApiKey[]> {
    return [...this.rows.values()]
      .filter((k) => k.companyId === companyId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
  }

  async save(key: ApiKey): Promise<void> {
    this.rows.set(key.id, key);
  }
}
