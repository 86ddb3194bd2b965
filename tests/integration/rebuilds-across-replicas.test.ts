// Two API replicas over one PostgreSQL database: a graph rebuild is a row in the store, so a
// rebuild started through one is followed through the other, which answers it instead of
// starting a second one; and the job of a process that died ends as failed, never running forever.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OWNER_STOPPED } from '../../application/ports/rebuild-job-repository';
import { registerCompany } from '../support/builders';
import { eventually } from '../support/eventually';
import type { Call } from '../support/http-client';
import { useTwoReplicas } from '../support/two-replicas';
import { postgresAvailable } from '../support/test-databases';

const LEASE_SECONDS = 30;

describe.skipIf(!(await postgresAvailable()))('graph rebuilds across two replicas on one PostgreSQL database', () => {
  const replicas = useTwoReplicas({ env: { GRAPH_REBUILD_LEASE_SECONDS: String(LEASE_SECONDS) } });
  const { onA, onB } = replicas;

  const startOn = (call: Call) => call('POST', '/api/v1/admin/graph/rebuild', { token: replicas.tenant.ownerToken });
  const readOn = (call: Call, id: string) => call('GET', `/api/v1/admin/graph/rebuilds/${id}`, { token: replicas.tenant.ownerToken });

  /**
   * Holds every read of `products` until released: a rebuild started meanwhile stays running
   * (it waits at its product scan), deterministically rather than by being slow.
   */
  const holdProducts = async (): Promise<() => Promise<void>> => {
    const client = new pg.Client({ connectionString: replicas.db.url! });
    await client.connect();
    await client.query('begin');
    await client.query('lock table products in access exclusive mode');
    return async () => {
      await client.query('commit');
      await client.end();
    };
  };

  it('follows a rebuild started through A through B, which answers it instead of starting another', async () => {
    const release = await holdProducts();
    let id: string;
    try {
      const started = await startOn(onA);
      expect(started.status).toBe(202);
      id = started.body.id as string;
      const location = `/api/v1/admin/graph/rebuilds/${id}`;
      expect(started.headers.get('location')).toBe(location);

      const seenOnB = await readOn(onB, id);
      expect([seenOnB.status, seenOnB.body.status]).toEqual([200, 'running']);
      const again = await startOn(onB);
      expect([again.status, again.body.id, again.headers.get('location')]).toEqual([200, id, location]);
    } finally {
      await release();
    }

    const finished = await eventually(async () => (await readOn(onB, id)).body, (job) => job.status !== 'running', 'the rebuild to finish');
    expect(finished).toMatchObject({ status: 'succeeded', progress: { phase: 'done' }, error: null });
    expect((await readOn(onA, id)).body).toEqual(finished);
  });

  it('reads the job of a replica that died as failed, and lets a new rebuild start', async () => {
    const other = await registerCompany(onA, 'Other');
    const as = { token: other.ownerToken };
    // Rows a process left running when it died: their heartbeat stopped two leases ago.
    const leftRunning = async (id: string) => {
      const beat = new Date(replicas.b.clock.now().getTime() - 2 * LEASE_SECONDS * 1000);
      await replicas.db.orm.em.fork().execute(
        `insert into graph_rebuilds (id, company_id, status, progress, started_at, heartbeat_at) values (?, ?, 'running', ?::jsonb, ?, ?)`,
        [id, other.companyId, JSON.stringify({ phase: 'purchases', products: 10, purchases: 3, users: 0, skipped: 0 }), beat, beat],
      );
    };

    await leftRunning('dead-1');
    const dead = await onB('GET', '/api/v1/admin/graph/rebuilds/dead-1', as);
    expect([dead.status, dead.body]).toMatchObject([200, { status: 'failed', error: OWNER_STOPPED, progress: { phase: 'purchases' } }]);
    expect(dead.body.finishedAt).not.toBeNull();
    const fresh = await onA('POST', '/api/v1/admin/graph/rebuild', as);
    expect(fresh.status).toBe(202);
    await eventually(async () => (await onA('GET', `/api/v1/admin/graph/rebuilds/${fresh.body.id}`, as)).body.status, (s) => s !== 'running', 'the rebuild to finish');

    // Not read by anyone first: the next start fails it and takes its place.
    await leftRunning('dead-2');
    expect((await onB('POST', '/api/v1/admin/graph/rebuild', as)).status).toBe(202);
    expect((await onA('GET', '/api/v1/admin/graph/rebuilds/dead-2', as)).body).toMatchObject({ status: 'failed', error: OWNER_STOPPED });
  });
});
