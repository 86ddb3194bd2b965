import type { Role } from './role';

export interface User {
  readonly id: string;
  readonly companyId: string;
  /** Stored lower-cased; unique per company. */
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** Memory-hard hash; never leaves the application layer. */
  readonly passwordHash: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewUser = Omit<User, 'createdAt' | 'updatedAt'>;

/** A user created at `at` (fields already validated). */
export const newUser = (fields: NewUser, at: Date): User => ({ ...fields, createdAt: at, updatedAt: at });
