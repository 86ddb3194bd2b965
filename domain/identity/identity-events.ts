// Events of the identity module (SPEC §3.7 envelope); other modules and the analytics
// pipeline learn about new tenants and users from these, never from the identity tables.
import { domainEvent, type DomainEvent, type EventStamp } from '../shared/domain-event';
import type { Company } from './company';
import type { Role } from './role';
import type { User } from './user';

export interface CompanyCreatedPayload {
  readonly companyId: string;
  readonly name: string;
  readonly slug: string;
}
export type CompanyCreated = DomainEvent<'CompanyCreated', CompanyCreatedPayload>;

export interface UserRegisteredPayload {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
}
export type UserRegistered = DomainEvent<'UserRegistered', UserRegisteredPayload>;

export const companyCreated = (company: Company, stamp: EventStamp): CompanyCreated =>
  domainEvent('CompanyCreated', company.id, { companyId: company.id, name: company.name, slug: company.slug }, stamp);

export const userRegistered = (user: User, stamp: EventStamp): UserRegistered =>
  domainEvent(
    'UserRegistered',
    user.companyId,
    { userId: user.id, email: user.email, displayName: user.displayName, role: user.role },
    stamp,
  );
