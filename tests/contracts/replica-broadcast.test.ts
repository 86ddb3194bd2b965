import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InProcessReplicaBroadcast } from '../../adapters/memory/in-process-replica-broadcast';
import { noticesOf, payloadsOf, PostgresReplicaBroadcast } from '../../adapters/postgres/postgres-replica-broadcast';
import type { ReplicaBroadcast } from '../../application/ports/replica-broadcast';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/test-databases';
import { replicaBroadcastContract } from './replica-broadcast.contract';

replicaBroadcastContract('in process', async () => {
  const group = new InProcessReplicaBroadcast();
  await group.close(); // only its group is used: each test process is a replica of it
  return {
    open: async () => group.replica(),
    cut: async (broadcast) => (broadcast as InProcessReplicaBroadcast).disconnect(),
    live: async (broadcast) => (broadcast as InProcessReplicaBroadcast).reconnect(),
  };
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!(await postgresAvailable()))('PostgreSQL', () => {
  replicaBroadcastContract('postgres', async () => {
    // A channel of its own, so suites running at once on the same server never hear each other.
    const channel = `cg_test_${randomBytes(6).toString('hex')}`;
    return {
      open: async () => new PostgresReplicaBroadcast({ connectionString: TEST_DATABASE_URL, channel, reconnectDelayMs: 20, maxReconnectDelayMs: 200 }),
      cut: async (broadcast) => {
        const pid = (broadcast as PostgresReplicaBroadcast).listenerPid;
        expect(pid).not.toBeNull();
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        try {
          await admin.query('select pg_terminate_backend($1)', [pid]);
        } finally {
          await admin.end();
        }
      },
      // A real server: wait until the listening connection is (back) up.
      live: async (broadcast: ReplicaBroadcast) => {
        while (!broadcast.live) await sleep(10);
      },
    };
  });

  it('splits long tag lists under the 8000-byte payload limit and reads back what it wrote', () => {
    const tags = Array.from({ length: 1_000 }, (_, i) => `c:company-${i}:product:${'x'.repeat(30)}`);
    const payloads = payloadsOf({ kind: 'cache-tags', tags: [...tags, tags[0]!] });
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap((payload) => noticesOf(payload)!).flatMap((n) => (n.kind === 'cache-tags' ? n.tags : []))).toEqual(tags);
    expect(noticesOf('{"v":2,"t":[]}')).toBeNull();
    expect(noticesOf('not json')).toBeNull();
    expect(() => payloadsOf({ kind: 'cache-tags', tags: ['x'.repeat(9000)] })).toThrow(/too long/);
  });
});
