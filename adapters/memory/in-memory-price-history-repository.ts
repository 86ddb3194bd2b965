import type { PriceHistoryRepository, TimeRange } from '../../application/ports/price-history-repository';
import type { PricePoint } from '../../domain/catalog/price-point';
import { keysetSlice, type Page, type PageRequest } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';

export class InMemoryPriceHistoryRepository implements PriceHistoryRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<PricePoint>('price_points');
  }

  async add(...points: PricePoint[]): Promise<void> {
    for (const point of points) this.rows.set(point.id, point);
  }

  async forProduct(companyId: string, productId: string, range: TimeRange, page: PageRequest): Promise<Page<PricePoint>> {
    const points = this.where((p) => p.companyId === companyId && p.productId === productId && within(p.at, range));
    return keysetSlice(points, page, { columns: [['time', 'asc'], ['string', 'asc']], keyOf: (p) => [p.at.getTime(), p.id] });
  }

  async since(companyId: string, since: Date): Promise<readonly PricePoint[]> {
    return this.where((p) => p.companyId === companyId && p.at.getTime() >= since.getTime());
  }

  async lastBefore(companyId: string, productIds: readonly string[], at: Date): Promise<readonly PricePoint[]> {
    const wanted = new Set(productIds);
    const last = new Map<string, PricePoint>();
    for (const point of this.where((p) => p.companyId === companyId && wanted.has(p.productId) && p.at.getTime() < at.getTime())) {
      last.set(point.productId, point);
    }
    return [...last.values()];
  }

  /** Matching points oldest first; equal times by id, like the SQL adapter. */
  private where(matches: (p: PricePoint) => boolean): PricePoint[] {
    return [...this.rows.values()].filter(matches).sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

const within = (at: Date, { from, to }: TimeRange): boolean =>
  (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
