import type { Company } from '../../domain/identity/company';

export interface CompanyRepository {
  /** The company, or null when missing. */
  byId(id: string): Promise<Company | null>;
  /** The company with that slug, or null. */
  bySlug(slug: string): Promise<Company | null>;
  /**
   * Inserts a new company; false (and nothing written) when its slug is taken, even by a
   * concurrent transaction that committed first.
   */
  add(company: Company): Promise<boolean>;
  /** Inserts or replaces by id; slug uniqueness is the caller's check. */
  save(company: Company): Promise<void>;
  /** Every company id, in id order (a full graph rebuild walks them). */
  allIds(): Promise<readonly string[]>;
}
