// Builders that set up tenants over HTTP, the way a frontend would.
import { expect } from 'vitest';
import type { Call } from './http-client';
import { uniqueSlug } from './unique';

export interface Tenant {
  readonly companyId: string;
  readonly slug: string;
  readonly ownerId: string;
  readonly ownerToken: string;
  readonly ownerEmail: string;
}

export const PASSWORD = 'correct horse battery';

export async function registerCompany(call: Call, name = 'Acme'): Promise<Tenant> {
  const slug = uniqueSlug();
  const ownerEmail = `owner@${slug}.test`;
  const res = await call('POST', '/api/v1/companies', {
    body: { name, slug, owner: { email: ownerEmail, password: PASSWORD, displayName: 'Owner' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return {
    companyId: res.body.company.id,
    slug,
    ownerId: res.body.user.id,
    ownerToken: res.body.tokens.accessToken,
    ownerEmail,
  };
}

export interface Member {
  readonly id: string;
  readonly email: string;
  readonly token: string;
}

/** Adds a user with `role` through the admin API and logs them in. */
export async function addMember(call: Call, tenant: Tenant, role: 'admin' | 'staff' | 'customer'): Promise<Member> {
  const email = `${role}-${uniqueSlug('u')}@${tenant.slug}.test`;
  const created = await call('POST', '/api/v1/users', {
    token: tenant.ownerToken,
    body: { email, password: PASSWORD, displayName: role, role },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const login = await call('POST', '/api/v1/auth/login', { body: { companySlug: tenant.slug, email, password: PASSWORD } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return { id: created.body.id, email, token: login.body.tokens.accessToken };
}
