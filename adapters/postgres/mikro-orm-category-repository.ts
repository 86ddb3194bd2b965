import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { CategoryRepository } from '../../application/ports/category-repository';
import type { Category } from '../../domain/catalog/category';
import type { Page, PageRequest } from '../../domain/shared/page';
import { keysetPage } from './keyset';
import { CategorySchema, type CategoryRow } from './schemas/category-schema';

export class MikroOrmCategoryRepository implements CategoryRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(companyId: string, id: string): Promise<Category | null> {
    const row = await this.em.findOne(CategorySchema, { id, companyId });
    return row ? toCategory(row) : null;
  }

  async list(companyId: string, page: PageRequest): Promise<Page<Category>> {
    return keysetPage(page, ['string', 'string'], async (after, limit) => {
      const [name, id] = (after ?? []) as string[];
      const where: FilterQuery<CategoryRow> = after
        ? { companyId, $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] }
        : { companyId };
      const rows = await this.em.find(CategorySchema, where, { orderBy: { name: 'asc', id: 'asc' }, limit });
      return rows.map(toCategory);
    }, (c) => [c.name, c.id]);
  }

  async all(companyId: string): Promise<readonly Category[]> {
    const rows = await this.em.find(CategorySchema, { companyId }, { orderBy: { name: 'asc', id: 'asc' } });
    return rows.map(toCategory);
  }

  async nameTaken(companyId: string, parentId: string | null, name: string, exceptId?: string): Promise<boolean> {
    // Case is folded here, as the memory adapter folds it, not by SQL lower(): PGlite's and
    // PostgreSQL's lower() disagree on some letters (circled Ⓐ, newer scripts).
    const siblings = await this.em.execute<{ name: string }[]>(
      'select name from categories where company_id = ? and parent_id is not distinct from ? and id <> ?',
      [companyId, parentId, exceptId ?? ''],
    );
    const wanted = name.toLowerCase();
    return siblings.some((sibling) => sibling.name.toLowerCase() === wanted);
  }

  async hasChildren(companyId: string, id: string): Promise<boolean> {
    return (await this.em.count(CategorySchema, { companyId, parentId: id })) > 0;
  }

  async save(category: Category): Promise<void> {
    await this.em.upsert(CategorySchema, { ...category });
  }

  async remove(companyId: string, id: string): Promise<void> {
    await this.em.nativeDelete(CategorySchema, { companyId, id });
  }
}

const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  companyId: row.companyId,
  name: row.name,
  parentId: row.parentId,
  createdAt: row.createdAt,
});
