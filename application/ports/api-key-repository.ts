import type { ApiKey } from '../../domain/identity/api-key';

export interface ApiKeyRepository {
  /** The key of that company, or null when missing or in another company. */
  byId(companyId: string, id: string): Promise<ApiKey | null>;
  /** The unrevoked or revoked key with that secret hash, or null. */
  bySecretHash(secretHash: string): Promise<ApiKey | null>;
  /** The company's keys, newest first, revoked ones included. */
  list(companyId: string): Promise<readonly ApiKey[]>;
  /** Inserts or replaces by id. */
  save(key: ApiKey): Promise<void>;
}
