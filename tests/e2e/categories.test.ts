import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('categories over HTTP', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let customer: Member;

  beforeAll(async () => {
    app = await startTestApp();
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    customer = await addMember(call, tenant, 'customer');
  });
  afterAll(() => app.close());

  const create = (body: unknown, token = tenant.ownerToken) => call('POST', '/api/v1/categories', { token, body });

  it('creates a category and returns it at the top level', async () => {
    const res = await create({ name: 'Shoes', parentId: null });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: 'Shoes', parentId: null });
    const read = await call('GET', `/api/v1/categories/${res.body.id}`, { token: customer.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('refuses customers, unknown fields, duplicates and missing parents', async () => {
    expect((await create({ name: 'Hats', parentId: null }, customer.token)).status).toBe(403);
    const unknown = await create({ name: 'Hats', companyId: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    expect(unknown.body.error.details[0].path).toBe('companyId');
    await create({ name: 'Bags' });
    const dup = await create({ name: 'bags' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    const orphan = await create({ name: 'Kids', parentId: 'missing' });
    expect(orphan.status).toBe(404);
    expect((await call('POST', '/api/v1/categories', { body: { name: 'x' } })).status).toBe(401);
  });

  it('renames, moves under a parent, refuses cycles and deletes only empty categories', async () => {
    const parent = (await create({ name: 'Clothing' })).body;
    const child = (await create({ name: 'Shirts', parentId: parent.id })).body;
    const renamed = await call('PATCH', `/api/v1/categories/${child.id}`, { token: tenant.ownerToken, body: { name: 'Tops' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Tops');
    const cycle = await call('PATCH', `/api/v1/categories/${parent.id}`, { token: tenant.ownerToken, body: { parentId: child.id } });
    expect(cycle.status).toBe(400);
    const notEmpty = await call('DELETE', `/api/v1/categories/${parent.id}`, { token: tenant.ownerToken });
    expect(notEmpty.status).toBe(409);
    expect((await call('DELETE', `/api/v1/categories/${child.id}`, { token: tenant.ownerToken })).status).toBe(204);
    expect((await call('GET', `/api/v1/categories/${child.id}`, { token: tenant.ownerToken })).status).toBe(404);
  });

  it('pages the list and hides other companies', async () => {
    const other = await registerCompany(call);
    const theirs = (await create({ name: 'Theirs' }, other.ownerToken)).body;
    expect((await call('GET', `/api/v1/categories/${theirs.id}`, { token: tenant.ownerToken })).status).toBe(404);
    const first = await call('GET', '/api/v1/categories?limit=1', { token: tenant.ownerToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const bad = await call('GET', '/api/v1/categories?limit=500', { token: tenant.ownerToken });
    expect(bad.status).toBe(400);
  });
});
