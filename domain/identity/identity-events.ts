import { domainEvent, type EventStamp } from '../shared/domain-event';
import type { Company } from './company';
import type { User } from './user';

export const companyCreated = (company: Company, stamp: EventStamp) =>
  domainEvent('CompanyCreated', company.id, { companyId: company.id, name: company.name, slug: company.slug }, stamp);

export const userRegistered = (user: User, stamp: EventStamp) =>
  domainEvent(
    'UserRegistered',
    user.companyId,
    { userId: user.id, email: user.email, displayName: user.displayName, role: user.role },
    stamp,
  );
