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

/**
 * Somebody asked for a password reset of `email` in the company. Written whether or not a
 * user has that email, so the request costs the same either way; the consumer looks the user
 * up and mails the token. It carries no secret: the token is made by the consumer.
 */
export interface PasswordResetRequestedPayload {
  /** As typed, normalised (`emailKey`); not necessarily a user's. */
  readonly email: string;
}
export type PasswordResetRequested = DomainEvent<'PasswordResetRequested', PasswordResetRequestedPayload>;

export const passwordResetRequested = (companyId: string, email: string, stamp: EventStamp): PasswordResetRequested =>
  domainEvent('PasswordResetRequested', companyId, { email }, stamp);
