import type { CategoryRepository } from '../../application/ports/category-repository';
import type { Category } from '../../domain/catalog/category';
import { keysetSlice, type Page, type PageRequest } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';

export class InMemoryCategoryRepository implements CategoryRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<Category>('categories');
  }

  async byId(companyId: string, id: string): Promise<Category | null> {
    const category = this.rows.get(id);
    return category && category.companyId === companyId ? category : null;
  }

  async list(companyId: string, page: PageRequest): Promise<Page<Category>> {
    return keysetSlice(await this.all(companyId), page, { columns: [['string', 'asc'], ['string', 'asc']], keyOf: (c) => [c.name, c.id] });
  }

  async all(companyId: string): Promise<readonly Category[]> {
    return [...this.rows.values()]
      .filter((c) => c.companyId === companyId)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async nameTaken(companyId: string, parentId: string | null, name: string, exceptId?: string): Promise<boolean> {
    const wanted = name.toLowerCase();
    return [...this.rows.values()].some(
      (c) => c.companyId === companyId && c.parentId === parentId && c.name.toLowerCase() === wanted && c.id !== exceptId,
    );
  }

  async hasChildren(companyId: string, id: string): Promise<boolean> {
    return [...this.rows.values()].some((c) => c.companyId === companyId && c.parentId === id);
  }

  async save(category: Category): Promise<void> {
    this.rows.set(category.id, category);
  }

  async remove(companyId: string, id: string): Promise<void> {
    if (this.rows.get(id)?.companyId === companyId) this.rows.delete(id);
  }
}
