import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRepository } from '../../application/ports/user-repository';
import type { Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import { mapPage, type Page, type PageRequest } from '../../domain/shared/page';
import { findTimeIdPage, type TimeIdOrder } from './keyset';
import { UserSchema, type UserRow } from './schemas/user-schema';

const OLDEST_FIRST: TimeIdOrder<UserRow> = { time: 'createdAt', id: 'id', directions: ['asc', 'asc'] };

export class MikroOrmUserRepository implements UserRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(companyId: string, id: string): Promise<User | null> {
    const row = await this.em.findOne(UserSchema, { companyId, id });
    return row ? toUser(row) : null;
  }

  async byEmail(companyId: string, email: string): Promise<User | null> {
    const row = await this.em.findOne(UserSchema, { companyId, email });
    return row ? toUser(row) : null;
  }

  async list(companyId: string, page: PageRequest, role?: Role): Promise<Page<User>> {
    return mapPage(await findTimeIdPage(this.em, UserSchema, { companyId, ...(role ? { role } : {}) }, OLDEST_FIRST, page), toUser);
  }

  async countWithRole(companyId: string, role: Role): Promise<number> {
    // FOR UPDATE (not count(*), which cannot lock): a concurrent demotion waits for this
    // transaction and then no longer counts the row it changed.
    const rows = await this.em.execute<{ id: string }[]>(
      'select id from users where company_id = ? and role = ? for update',
      [companyId, role],
    );
    return rows.length;
  }

  async add(user: User): Promise<boolean> {
    // See MikroOrmCompanyRepository.add: a concurrent duplicate becomes `false`, not an error.
    const result = await this.em
      .createQueryBuilder(UserSchema)
      .insert(toRow(user))
      .onConflict(['companyId', 'email'])
      .ignore()
      .execute('run');
    return result.affectedRows === 1;
  }

  async save(user: User): Promise<void> {
    await this.em.upsert(UserSchema, toRow(user));
  }

  async remove(companyId: string, id: string): Promise<void> {
    await this.em.nativeDelete(UserSchema, { companyId, id });
  }
}

const toRow = (u: User): UserRow => ({
  id: u.id,
  companyId: u.companyId,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  passwordHash: u.passwordHash,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

const toUser = (row: UserRow): User => ({
  id: row.id,
  companyId: row.companyId,
  email: row.email,
  displayName: row.displayName,
  role: row.role,
  passwordHash: row.passwordHash,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
