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

  async replace(companyId: string, userId: string, source: InterestSource, interests: readonly Interest[]): Promise<void> {
    await this.em.nativeDelete(InterestSchema, { companyId, userId, source });
    if (interests.length === 0) return;
    await this.em.insertMany(
      InterestSchema,
      interests.map((i) => ({ companyId, userId, source, dimension: i.dimension, value: i.value, weight: i.weight, updatedAt: i.updatedAt })),
    );
  }
}
