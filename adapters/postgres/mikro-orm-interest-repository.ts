import type { EntityManager } from '@mikro-orm/postgresql';
import type { InterestRepository, UserInterests } from '../../application/ports/interest-repository';
import type { Interest, InterestSource } from '../../domain/interests/interest';
import { InterestSchema, type InterestRow } from './schemas/interest-schema';

export class MikroOrmInterestRepository implements InterestRepository {
  constructor(private readonly em: EntityManager) {}

  async forUser(companyId: string, userId: string): Promise<readonly Interest[]> {
    const rows = await this.em.find(InterestSchema, { companyId, userId }, { orderBy: { weight: 'desc', dimension: 'asc', value: 'asc' } });
    return rows.map(toInterest);
  }

  async lock(companyId: string, userId: string): Promise<void> {
    // An advisory lock: the user may have no interest rows yet, so there is no row to lock.
    await this.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`interests:${companyId}/${userId}`]);
  }

  async scanUsers(companyId: string, afterUserId: string | null, limit: number): Promise<readonly UserInterests[]> {
    const users = await this.em.execute<{ user_id: string }[]>(
      'select distinct user_id from interests where company_id = ? and user_id > ? order by user_id limit ?',
      [companyId, afterUserId ?? '', limit],
    );
    if (users.length === 0) return [];
    const rows = await this.em.find(
      InterestSchema,
      { companyId, userId: { $in: users.map((u) => u.user_id) } },
      { orderBy: { userId: 'asc', weight: 'desc', dimension: 'asc', value: 'asc' }, disableIdentityMap: true },
    );
    const byUser = new Map<string, Interest[]>(users.map((u) => [u.user_id, []]));
    for (const r of rows) byUser.get(r.userId)?.push(toInterest(r));
    return [...byUser].map(([userId, interests]) => ({ userId, interests }));
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

const toInterest = (r: InterestRow): Interest => ({ dimension: r.dimension, value: r.value, weight: r.weight, source: r.source, updatedAt: r.updatedAt });
