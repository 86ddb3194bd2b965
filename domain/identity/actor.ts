import type { Role } from './role';

/** Who is calling: always taken from a verified credential, never from a body. */
export interface Actor {
  readonly userId: string;
  readonly companyId: string;
  readonly role: Role;
}
