import type { Category } from '../../domain/catalog/category';
import type { Page, PageRequest } from '../../domain/shared/page';

export interface CategoryRepository {
  /** The category of that company, or null when missing or owned by another company. */
  byId(companyId: string, id: string): Promise<Category | null>;
  /** A page of the company's categories ordered by name then id; InvalidCursor for a cursor not of this list. */
  list(companyId: string, page: PageRequest): Promise<Page<Category>>;
  /** Every category of the company, for hierarchy checks. */
  all(companyId: string): Promise<readonly Category[]>;
  /** Whether another category of the company under the same parent has this name (case-insensitive). */
  nameTaken(companyId: string, parentId: string | null, name: string, exceptId?: string): Promise<boolean>;
  /** Inserts or replaces by id. */
  save(category: Category): Promise<void>;
  /** Whether any category of the company has this one as parent. */
  hasChildren(companyId: string, id: string): Promise<boolean>;
  /** Removes it; removing a missing one changes nothing. */
  remove(companyId: string, id: string): Promise<void>;
}
