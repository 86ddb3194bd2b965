import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiKeyRepository } from '../../application/ports/api-key-repository';
import type { ApiKey } from '../../domain/identity/api-key';
import { ApiKeySchema, type ApiKeyRow } from './schemas/api-key-schema';

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

  async list(companyId: string): Promise<readonly ApiKey[]> {
    const rows = await this.em.find(ApiKeySchema, { companyId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    return rows.map(toKey);
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
