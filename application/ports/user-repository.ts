import type { Role } from '../../domain/identity/role';
import type { User } from '../../domain/identity/user';
import type { Page, PageRequest } from '../../domain/shared/page';

export interface UserRepository {
  /** The user of that company, or null when missing or in another company. */
  byId(companyId: string, id: string): Promise<User | null>;
  /** The user with that (lower-cased) email in the company, or null. */
  byEmail(companyId: string, email: string): Promise<User | null>;
  /** A page of the company's users (optionally of one role), oldest first (ties: by id); InvalidCursor for a cursor not of this list. */
  list(companyId: string, page: PageRequest, role?: Role): Promise<Page<User>>;
  /**
   * How many users of the company hold that role. Inside a transaction those users stay
   * locked until it ends, so two concurrent demotions cannot both see "another owner".
   */
  countWithRole(companyId: string, role: Role): Promise<number>;
  /**
   * Inserts a new user; false (and nothing written) when the email is taken in that
   * company, even by a concurrent transaction that committed first.
   */
  add(user: User): Promise<boolean>;
  /** Inserts or replaces by id; email uniqueness is the caller's check. */
  save(user: User): Promise<void>;
  /** Removes the user; removing a missing one changes nothing. */
  remove(companyId: string, id: string): Promise<void>;
}
