import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompanyRepository } from '../../application/ports/company-repository';
import type { Company } from '../../domain/identity/company';
import { CompanySchema, type CompanyRow } from './schemas/company-schema';

export class MikroOrmCompanyRepository implements CompanyRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(id: string): Promise<Company | null> {
    const row = await this.em.findOne(CompanySchema, { id });
    return row ? toCompany(row) : null;
  }

  async bySlug(slug: string): Promise<Company | null> {
    const row = await this.em.findOne(CompanySchema, { slug });
    return row ? toCompany(row) : null;
  }

  async save(company: Company): Promise<void> {
    await this.em.upsert(CompanySchema, { ...company });
  }
}

const toCompany = (row: CompanyRow): Company => ({ id: row.id, name: row.name, slug: row.slug, createdAt: row.createdAt });
