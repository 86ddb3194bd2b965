import type { ApiKey } from '../../domain/identity/api-key';
import type { Page, PageRequest } from '../../domain/shared/page';

export interface ApiKeyRepository {
  /** The key of that company, or null when missing or in another company. */
  byId(companyId: string, id: string): Promise<ApiKey | null>;
  /** The unrevoked or revoked key with that secret hash, or null. */
  bySecretHash(secretHash: string): Promise<ApiKey | null>;
  /** The company's keys, revoked ones included, newest first (ties: higher id first), keyset-paginated; InvalidCursor for a cursor not of this list. */
  list(companyId: string, page: PageRequest): Promise<Page<ApiKey>>;
  /** Inserts or replaces by id. */
  save(key: ApiKey): Promise<void>;
}
