// SPEC §3.5 when Neo4j does not answer: the app starts anyway, /ready names the graph, and
// recommendations come from the store's best sellers marked `degraded` instead of failing.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { walkPages } from '../support/keyset-pages';
import { startTestApp, type TestApp } from '../support/test-app';

/** Accepts connections and never says a word: a graph server that hangs. */
async function silentServer(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('recommendations with the graph unreachable', () => {
  let neo4j: Awaited<ReturnType<typeof silentServer>>;
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let alice: Member;

  beforeAll(async () => {
    neo4j = await silentServer();
    app = await startTestApp({ env: { NEO4J_URL: `bolt://127.0.0.1:${neo4j.port}`, GRAPH_TIMEOUT_MS: '200', GRAPH_BREAKER_RESET_MS: '60000' } });
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    alice = await addMember(call, tenant, 'customer');
  });
  afterAll(async () => {
    await app.close();
    await neo4j.close();
  });

  it('starts, and /ready names the graph as unreachable while the API stays ready', async () => {
    const ready = await call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.adapters).toContainEqual(expect.objectContaining({ name: 'graph:neo4j', critical: false, reachable: false }));
  });

  it('answers with the store\'s best sellers marked degraded, for every strategy and for similar products', async () => {
    const staff = await addMember(call, tenant, 'staff');
    const created = [];
    for (const name of ['Lamp', 'Chair']) {
      const res = await call('POST', '/api/v1/products', { token: staff.token, body: { sku: name, name, price: { amountCents: 900, currency: 'EUR' }, stock: 3 } });
      created.push(res.body.id as string);
    }
    for (const strategy of ['blended', 'collaborative', 'content', 'popular']) {
      // SPEC §3.5: the silent graph never answers, so any answer is the fallback's, given instead of waiting on it.
      const res = await call('GET', `/api/v1/users/${alice.id}/recommendations?strategy=${strategy}`, { token: alice.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ strategy, degraded: true });
      expect(res.body.items.map((i: { product: { id: string } }) => i.product.id).sort()).toEqual([...created].sort());
      expect(res.body.items[0].reasons).toEqual([{ kind: 'popular', detail: 'A best seller in this shop' }]);
    }
    const similar = await call('GET', `/api/v1/products/${created[0]}/similar`, { token: alice.token });
    expect(similar.status).toBe(200);
    expect(similar.body.degraded).toBe(true);

    // The fallback pages as the graph's answer does: each item once, in its order, then a null cursor.
    const path = `/api/v1/users/${alice.id}/recommendations`;
    const whole = await call('GET', path, { token: alice.token });
    expect([whole.body.items.length, whole.body.nextCursor]).toEqual([2, null]);
    const walked = await walkPages(1, async (cursor) => {
      const res = await call('GET', `${path}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: alice.token });
      expect([res.status, res.body.degraded]).toEqual([200, true]);
      return res.body;
    });
    expect(walked).toEqual(whole.body.items);
  });
});
