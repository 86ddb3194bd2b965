import type { InterestRepository, UserInterests } from '../../application/ports/interest-repository';
import type { Interest, InterestSource } from '../../domain/interests/interest';
import type { MemoryStore } from './memory-store';
import { byCodePoint } from '../../domain/shared/code-point-order';

type Row = Interest & { readonly companyId: string; readonly userId: string };

export class InMemoryInterestRepository implements InterestRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<readonly Row[]>('interests');
  }

  async forUser(companyId: string, userId: string): Promise<readonly Interest[]> {
    return (this.rows.get(`${companyId}/${userId}`) ?? [])
      .map(({ companyId: _c, userId: _u, ...interest }) => interest)
      .sort((a, b) => b.weight - a.weight || a.dimension.localeCompare(b.dimension) || a.value.localeCompare(b.value));
  }

  /** Memory transactions already run one at a time. */
  async lock(): Promise<void> {}

  async scanUsers(companyId: string, afterUserId: string | null, limit: number): Promise<readonly UserInterests[]> {
    const prefix = `${companyId}/`;
    const userIds = [...this.rows]
      .filter(([key, rows]) => key.startsWith(prefix) && rows.length > 0)
      .map(([key]) => key.slice(prefix.length))
      .filter((userId) => afterUserId === null || userId > afterUserId)
      .sort(byCodePoint)
      .slice(0, limit);
    return Promise.all(userIds.map(async (userId) => ({ userId, interests: await this.forUser(companyId, userId) })));
  }

  async replace(companyId: string, userId: string, source: InterestSource, interests: readonly Interest[]): Promise<void> {
    const key = `${companyId}/${userId}`;
    const kept = (this.rows.get(key) ?? []).filter((row) => row.source !== source);
    this.rows.set(key, [...kept, ...interests.map((i) => ({ ...i, source, companyId, userId }))]);
  }
}
