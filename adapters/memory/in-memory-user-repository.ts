import type { UserRepository } from '../../application/ports/user-repository';
import type { Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import { keysetSlice, type Page, type PageRequest } from '../../domain/shared/page';
import type { MemoryStore } from './memory-store';

export class InMemoryUserRepository implements UserRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<User>('users');
  }

  private ofCompany(companyId: string): User[] {
    return [...this.rows.values()].filter((u) => u.companyId === companyId);
  }

  async byId(companyId: string, id: string): Promise<User | null> {
    const user = this.rows.get(id);
    return user && user.companyId === companyId ? user : null;
  }

  async byEmail(companyId: string, email: string): Promise<User | null> {
    return this.ofCompany(companyId).find((u) => u.email === email) ?? null;
  }

  async list(companyId: string, page: PageRequest, role?: Role): Promise<Page<User>> {
    const users = this.ofCompany(companyId).filter((u) => !role || u.role === role);
    return keysetSlice(users, page, { columns: [['time', 'asc'], ['string', 'asc']], keyOf: (u) => [u.createdAt.getTime(), u.id] });
  }

  async countWithRole(companyId: string, role: Role): Promise<number> {
    return this.ofCompany(companyId).filter((u) => u.role === role).length;
  }

  async add(user: User): Promise<boolean> {
    if (this.rows.has(user.id) || (await this.byEmail(user.companyId, user.email))) return false;
    this.rows.set(user.id, user);
    return true;
  }

  async save(user: User): Promise<void> {
    this.rows.set(user.id, user);
  }

  async remove(companyId: string, id: string): Promise<void> {
    if (this.rows.get(id)?.companyId === companyId) this.rows.delete(id);
  }
}
