// Two API replicas over one PostgreSQL database and no shared cache: a session ended on one
// ends on the other within SESSION_CHECK_MS, because each replica asks the store about a
// session at least once per interval of its own clock (SPEC §3.1).
import { describe, expect, it } from 'vitest';
import { addMember } from '../support/builders';
import type { Call } from '../support/http-client';
import { useTwoReplicas } from '../support/two-replicas';
import { postgresAvailable } from '../support/test-databases';
import { uniqueSlug } from '../support/unique';

const CHECK_MS = 500;

describe.skipIf(!(await postgresAvailable()))('sessions across two replicas on one PostgreSQL database', () => {
  const replicas = useTwoReplicas({ env: { SESSION_CHECK_MS: String(CHECK_MS) } });
  const { onA, onB } = replicas;

  /** Each replica moves its own clock past the interval. */
  const nextInterval = () => {
    replicas.a.clock.advance(CHECK_MS);
    replicas.b.clock.advance(CHECK_MS);
  };
  const createCategory = (call: Call, token: string) => call('POST', '/api/v1/categories', { token, body: { name: `C ${uniqueSlug()}`, parentId: null } });

  it('a user deleted on replica A is refused on replica B', async () => {
    const staff = await addMember(onA, replicas.tenant, 'staff');
    expect((await createCategory(onB, staff.token)).status).toBe(201);
    expect((await onA('DELETE', `/api/v1/users/${staff.id}`, { token: replicas.tenant.ownerToken })).status).toBe(204);
    nextInterval();
    const refused = await createCategory(onB, staff.token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
  });

  it('a demotion on replica A applies on replica B, and a logout on B ends the session on A', async () => {
    const admin = await addMember(onA, replicas.tenant, 'admin');
    expect((await createCategory(onB, admin.token)).status).toBe(201);
    expect((await onA('PATCH', `/api/v1/users/${admin.id}`, { token: replicas.tenant.ownerToken, body: { role: 'customer' } })).status).toBe(200);
    nextInterval();
    expect((await createCategory(onB, admin.token)).status).toBe(403);
    expect((await onA('GET', '/api/v1/categories', { token: admin.token })).status).toBe(200);
    expect((await onB('POST', '/api/v1/auth/logout', { token: admin.token })).status).toBe(204);
    nextInterval();
    expect((await onA('GET', '/api/v1/categories', { token: admin.token })).status).toBe(401);
  });
});
