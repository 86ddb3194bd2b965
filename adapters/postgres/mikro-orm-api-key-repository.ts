import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiKeyRepository } from '../../application/ports/api-key-repository';
import type { ApiKey } from '../../domain/identity/api-key';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, type TimeIdOrder } from './keyset';
import { ApiKeySchema, type ApiKeyRow } from './schemas/api-key-schema';

const NEWEST_FIRST: TimeIdOrder<ApiKeyRow> = { time: 'createdAt', id: 'id', directions: ['desc', 'desc'] };

export class MikroOrmApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(companyId: string, id: string): Promise<ApiKey | null> {
    const row = await this.em.findOne(ApiKeySchema, { companyId, id });
    return row ? toKey(row) : null;
  }

  async bySecretHash(secretHash: string): Promise<ApiKey | null> {
    const row = await this.em.findOne(ApiKeySchema, { secretHash });
    return row ? toKey(row) : null;
  }

  async list(companyId: string, page: PageRequest): Promise<Page<ApiKey>> {
    return mapPage(await findTimeIdPage(this.em, ApiKeySchema, { companyId }, NEWEST_FIRST, page), toKey);
  }

  async save(key: ApiKey): Promise<void> {
    await this.em.upsert(ApiKeySchema, { ...key });
  }
}

const toKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  companyId: row.companyId,
  name: row.name,
  prefix: row.prefix,
  secretHash: row.secretHash,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});
