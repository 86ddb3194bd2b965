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
    return (this.rows.get(userKey(companyId, userId)) ?? [])
      .map(({ companyId: _c, userId: _u, ...interest }) => interest)
      .sort((a, b) => b.weight - a.weight || a.dimension.localeCompare(b.dimension) || a.value.localeCompare(b.value));
  }

  /** Memory transactions already run one at a time. */
  async lock(): Promise<void> {}

  async scanUsers(companyId: string, afterUserId: string | null, limit: number): Promise<readonly UserInterests[]> {
    const userIds = [...this.rows.values()]
      .filter((rows) => rows[0]?.companyId === companyId)
      .map((rows) => rows[0]?.userId ?? '')
      .filter((userId) => afterUserId === null || userId > afterUserId)
      .sort(byCodePoint)
      .slice(0, limit);
    return Promise.all(userIds.map(async (userId) => ({ userId, interests: await this.forUser(companyId, userId) })));
  }

  async replace(companyId: string, userId: string, source: InterestSource, interests: readonly Interest[]): Promise<void> {
    const key = userKey(companyId, userId);
    const kept = (this.rows.get(key) ?? []).filter((row) => row.source !== source);
    this.rows.set(key, [...kept, ...interests.map((i) => ({ ...i, source, companyId, userId }))]);
  }
}

/** One key per (company, user); a JSON array, since ids joined by a separator could collide. */
const userKey = (companyId: string, userId: string): string => JSON.stringify([companyId, userId]);
