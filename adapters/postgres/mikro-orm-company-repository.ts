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

  async allIds(): Promise<readonly string[]> {
    const rows = await this.em.execute<{ id: string }[]>('select id from companies order by id collate "C"');
    return rows.map((r) => r.id);
  }

  async add(company: Company): Promise<boolean> {
    // `on conflict do nothing` waits for a concurrent insert of the slug and then skips, so
    // a lost race is an answer, not an aborted transaction.
    const result = await this.em
      .createQueryBuilder(CompanySchema)
      .insert(toRow(company))
      .onConflict(['slug'])
      .ignore()
      .execute('run');
    return result.affectedRows === 1;
  }

  async save(company: Company): Promise<void> {
    await this.em.upsert(CompanySchema, toRow(company));
  }
}

const toRow = (c: Company): CompanyRow => ({ id: c.id, name: c.name, slug: c.slug, createdAt: c.createdAt });
const toCompany = (row: CompanyRow): Company => ({ id: row.id, name: row.name, slug: row.slug, createdAt: row.createdAt });
