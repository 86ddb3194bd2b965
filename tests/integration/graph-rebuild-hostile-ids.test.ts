// A user id holding `;` once stored an interest row on PGlite; the graph rebuild then spun at
// 100% CPU and the data directory never started again. Now the id is simply unknown, a row
// that holds it is an ordinary row, and rebuilds (on request and at start) complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { registerCompany, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

const HOSTILE_USER_IDS = ['a;b', "x'; delete from interests; --", 'b\\'];
const stores = (await postgresAvailable()) ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(stores)('graph rebuild around hostile user ids [%s]', (kind) => {
  let db: TestDatabase;
  let api: TestApp;
  let call: Call;
  let tenant: Tenant;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    api = await startTestApp({ store: kind, database: db });
    call = httpClient(api.baseUrl);
    tenant = await registerCompany(call);
  });
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  const rebuild = async (): Promise<{ status: string; progress: { users: number } }> => {
    const started = await call('POST', '/api/v1/admin/graph/rebuild', { token: tenant.ownerToken });
    expect(started.status).toBe(202);
    return eventually(
      async () => (await call('GET', `/api/v1/admin/graph/rebuilds/${started.body.id}`, { token: tenant.ownerToken })).body,
      (job) => job.status !== 'running',
      'the rebuild to finish',
    );
  };

  it('answers 404 for interests of a user id that does not exist, then rebuilds', async () => {
    for (const id of HOSTILE_USER_IDS) {
      const put = await call('PUT', `/api/v1/users/${encodeURIComponent(id)}/interests`, {
        token: tenant.ownerToken,
        body: { interests: [{ dimension: 'tag', value: 'wool', weight: 1 }] },
      });
      expect([put.status, put.body.error?.code], id).toEqual([404, 'not_found']);
    }

    expect(await rebuild()).toMatchObject({ status: 'succeeded', progress: { users: 0 } });
  });

  it('rebuilds past interest rows stored under such ids, on request and at the next start', async () => {
    const em = db.orm.em.fork();
    for (const id of HOSTILE_USER_IDS) {
      await em.execute(
        `insert into interests (company_id, user_id, source, dimension, value, weight, updated_at) values (?, ?, 'explicit', 'tag', 'wool', 1, now())`,
        [tenant.companyId, id],
      );
    }

    expect(await rebuild()).toMatchObject({ status: 'succeeded', progress: { users: HOSTILE_USER_IDS.length } });

    const restarted = await startTestApp({ store: kind, database: db });
    try {
      expect((await fetch(`${restarted.baseUrl}/health`)).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
