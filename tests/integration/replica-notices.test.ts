// SPEC §1.2, stateless replicas without Redis: two API replicas on one PostgreSQL database, each
// with its in-process cache and remembered session checks. What one changes, the other drops as
// soon as PostgreSQL's NOTIFY reaches it, with no clock moved; with its listening connection cut,
// a replica answers uncached until it hears again.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PostgresReplicaBroadcast } from '../../adapters/postgres/postgres-replica-broadcast';
import { cacheTags } from '../../application/cache/cache-keys';
import type { ReplicaBroadcast, ReplicaNotice } from '../../application/ports/replica-broadcast';
import { TOKENS } from '../../composition/tokens';
import { addMember } from '../support/builders';
import type { Call } from '../support/http-client';
import type { TestApp } from '../support/test-app';
import { useTwoReplicas } from '../support/two-replicas';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/test-databases';
import { uniqueSlug } from '../support/unique';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe.skipIf(!(await postgresAvailable()))('replica notices between two API replicas on one PostgreSQL, without Redis', () => {
  const replicas = useTwoReplicas({ started: (a, b) => Promise.all([live(a), live(b)]).then(() => undefined) });
  const { onA, onB } = replicas;

  const broadcastOf = (replica: TestApp) => replica.app.container.get<ReplicaBroadcast>(TOKENS.ReplicaBroadcast);
  /** Real servers: waits until the replica's listening connection is up. */
  const live = async (replica: TestApp) => {
    while (!broadcastOf(replica).live) await sleep(10);
  };
  /** Resolves when the replica hears a notice `matches` accepts (registered before the action that sends it). */
  const hears = (replica: TestApp, matches: (notice: ReplicaNotice) => boolean): Promise<void> =>
    new Promise((resolve) => {
      const stop = broadcastOf(replica).listen({
        notice: (notice) => {
          if (!matches(notice)) return;
          stop();
          resolve();
        },
        lost: () => undefined,
      });
    });
  const loses = (replica: TestApp): Promise<void> =>
    new Promise((resolve) => {
      const stop = broadcastOf(replica).listen({
        notice: () => undefined,
        lost: () => {
          stop();
          resolve();
        },
      });
    });

  const createProduct = async (): Promise<string> => {
    const sku = uniqueSlug('sku');
    const res = await onA('POST', '/api/v1/products', { token: replicas.tenant.ownerToken, body: { sku, name: `Product ${sku}`, price: eur(2000), stock: 5 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const priceOn = async (call: Call, id: string): Promise<number> => {
    const res = await call('GET', `/api/v1/products/${id}`, { token: replicas.tenant.ownerToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.price.amountCents as number;
  };
  const setPriceOnA = async (id: string, amountCents: number) => {
    const res = await onA('PUT', `/api/v1/products/${id}/price`, { token: replicas.tenant.ownerToken, body: { price: eur(amountCents) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const cacheOnB = async (): Promise<{ hits: number; keys: number }> => {
    const res = await onB('GET', '/api/v1/admin/cache/stats', { token: replicas.tenant.ownerToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  /**
   * Waits until every notice of the writes so far has reached B: the consumers' second pass has
   * run, and a marker announced after it by A (PostgreSQL delivers in commit order) was heard.
   */
  const quiet = async () => {
    await Promise.all([replicas.a.settle(), replicas.b.settle()]);
    const marker = uniqueSlug('marker');
    const heard = hears(replicas.b, (notice) => notice.kind === 'session-ended' && notice.sessionId === marker);
    await broadcastOf(replicas.a).announce({ kind: 'session-ended', sessionId: marker });
    await heard;
  };
  const productTag = (id: string) => (notice: ReplicaNotice) => notice.kind === 'cache-tags' && notice.tags.includes(cacheTags.product(replicas.tenant.companyId, id));

  it('serves on B the price changed through A, though B had the old one cached', async () => {
    const id = await createProduct();
    await quiet();
    expect([await priceOn(onB, id), await priceOn(onB, id)]).toEqual([2000, 2000]);
    const before = await cacheOnB();
    expect(await priceOn(onB, id)).toBe(2000);
    expect((await cacheOnB()).hits).toBe(before.hits + 1);

    const heard = hears(replicas.b, productTag(id));
    await setPriceOnA(id, 1500);
    await heard;
    expect(await priceOn(onB, id)).toBe(1500);
  });

  it('refuses on B the token of a user deleted through A, with no clock moved', async () => {
    const staff = await addMember(onA, replicas.tenant, 'staff');
    const createCategory = () => onB('POST', '/api/v1/categories', { token: staff.token, body: { name: `C ${uniqueSlug()}`, parentId: null } });
    expect((await createCategory()).status).toBe(201);
    const heard = hears(replicas.b, (notice) => notice.kind === 'user-sessions' && notice.userId === staff.id);
    expect((await onA('DELETE', `/api/v1/users/${staff.id}`, { token: replicas.tenant.ownerToken })).status).toBe(204);
    await heard;
    const refused = await createCategory();
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
  });

  it('with its listening connection killed, B drops its cache and answers fresh, then caches again once it hears', async () => {
    const id = await createProduct();
    await quiet();
    await priceOn(onB, id);
    expect(await priceOn(onB, id)).toBe(2000);
    expect((await cacheOnB()).keys).toBeGreaterThan(0);

    const pid = (broadcastOf(replicas.b) as PostgresReplicaBroadcast).listenerPid;
    expect(pid).not.toBeNull();
    const lost = loses(replicas.b);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]).finally(() => admin.end());
    await lost;
    expect((await cacheOnB()).keys).toBe(0);

    // Whether B has reconnected by now or not, it cannot answer the old price.
    await setPriceOnA(id, 1700);
    expect(await priceOn(onB, id)).toBe(1700);

    await live(replicas.b);
    expect((broadcastOf(replicas.b) as PostgresReplicaBroadcast).listenerPid).not.toBe(pid);
    await setPriceOnA(id, 1800);
    await quiet();
    await priceOn(onB, id);
    const before = await cacheOnB();
    expect(await priceOn(onB, id)).toBe(1800);
    expect((await cacheOnB()).hits).toBe(before.hits + 1);
  });
});
