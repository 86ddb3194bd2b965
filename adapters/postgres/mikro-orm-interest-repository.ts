import type { EntityManager } from '@mikro-orm/postgresql';
import type { InterestRepository } from '../../application/ports/interest-repository';
import type { Interest, InterestSource } from '../../domain/interests/interest';
import { InterestSchema } from './schemas/interest-schema';

export class MikroOrmInterestRepository implements InterestRepository {
  constructor(private readonly em: EntityManager) {}

  async forUser(companyId: string, userId: string): Promise<readonly Interest[]> {
    const rows = await this.em.find(InterestSchema, { companyId, userId }, { orderBy: { weight: 'desc', dimension: 'asc', value: 'asc' } });
    return rows.map((r) => ({ dimension: r.dimension, value: r.value, weight: r.weight, source: r.source, updatedAt: r.updatedAt }));
  }

  async lock(companyId: string, userId: string): Promise<void> {
    // An advisory lock: the user may have no interest rows yet, so there is no row to lock.
    await this.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`interests:${companyId}/${userId}`]);
  }

  async replace(companyId: string, userId: string, source: InterestSource, interests: readonly Interest[]): Promise<void> {
    await this.em.nativeDelete(InterestSchema, { companyId, userId, source });
    if (interests.length === 0) return;
    await this.em.insertMany(
      InterestSchema,
      interests.map((i) => ({ companyId, userId, source, dimension: i.dimension, value: i.value, weight: i.weight, updatedAt: i.updatedAt })),
    );
  }
}
