import type { CompanyRepository } from '../../application/ports/company-repository';
import type { Company } from '../../domain/identity/company';
import type { MemoryStore } from './memory-store';
import { byCodePoint } from '../../domain/shared/code-point-order';

export class InMemoryCompanyRepository implements CompanyRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<Company>('companies');
  }

  async byId(id: string): Promise<Company | null> {
    return this.rows.get(id) ?? null;
  }

  async bySlug(slug: string): Promise<Company | null> {
    return [...this.rows.values()].find((c) => c.slug === slug) ?? null;
  }

  async add(company: Company): Promise<boolean> {
    if (this.rows.has(company.id) || (await this.bySlug(company.slug))) return false;
    this.rows.set(company.id, company);
    return true;
  }

  async save(company: Company): Promise<void> {
    this.rows.set(company.id, company);
  }

  async allIds(): Promise<readonly string[]> {
    return [...this.rows.keys()].sort(byCodePoint);
  }
}
