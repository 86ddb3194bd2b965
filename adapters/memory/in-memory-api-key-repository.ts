import type { ApiKeyRepository } from '../../application/ports/api-key-repository';
import type { ApiKey } from '../../domain/identity/api-key';
import { keysetSlice, type Page, type PageRequest } from '../../domain/shared/page';
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

  async list(companyId: string, page: PageRequest): Promise<Page<ApiKey>> {
    const keys = [...this.rows.values()].filter((k) => k.companyId === companyId);
    return keysetSlice(keys, page, { columns: [['time', 'desc'], ['string', 'desc']], keyOf: (k) => [k.createdAt.getTime(), k.id] });
  }

  async save(key: ApiKey): Promise<void> {
    this.rows.set(key.id, key);
  }
}
