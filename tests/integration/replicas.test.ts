// SPEC §1.2, stateless replicas: two built API processes and a worker on one PostgreSQL, Redis
// and RabbitMQ, as `docker compose up --scale api=2` runs them. Whatever one replica is told,
// the other acts on: the login limit is one count, a rebuild started on one is followed on the
// other, a price changed on one is not served stale by the other, and a user deleted on one
// cannot use a token on the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, startWorkerProcess, type ApiProcess } from '../support/api-process';
import { addMember, PASSWORD, registerCompany, type Tenant } from '../support/builders';
import { eventually } from '../support/eventually';
import { httpClient, type Call } from '../support/http-client';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { deleteKeysUnder, redisAvailable, TEST_REDIS_URL, uniqueKeyPrefix } from '../support/redis';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { uniqueSlug } from '../support/unique';

const LOGIN_MAX_ATTEMPTS = 4;
const available = (await postgresAvailable()) && (await redisAvailable()) && (await rabbitAvailable());
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('two API replicas and a worker on one PostgreSQL, Redis and RabbitMQ', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  let processes: ApiProcess[] = [];
  let onA: Call;
  let onB: Call;
  let tenant: Tenant;
  const keyPrefix = uniqueKeyPrefix();

  beforeAll(async () => {
    // Migrated once here, as the compose file's one-shot `migrate` service does before the replicas start.
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
    const env = {
      DATABASE_URL: db.url ?? '',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      AMQP_URL: vhost.url,
      JWT_SECRET: 'replicas-share-one-secret-of-32-chars!',
      LOGIN_MAX_ATTEMPTS: String(LOGIN_MAX_ATTEMPTS),
      OUTBOX_POLL_MS: '50',
    };
    processes = await Promise.all([startApiProcess(env), startApiProcess(env), startWorkerProcess(env)]);
    const [a, b] = processes as [ApiProcess, ApiProcess];
    onA = httpClient(`http://127.0.0.1:${a.port}`);
    onB = httpClient(`http://127.0.0.1:${b.port}`);
    tenant = await registerCompany(onA);
  });
  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await vhost?.delete();
    await db?.close();
    await deleteKeysUnder(keyPrefix);
  });

  it('counts failed logins on both replicas against one limit', async () => {
    const member = await addMember(onA, tenant, 'customer');
    const wrong = { companySlug: tenant.slug, email: member.email, password: 'not the password' };
    const answers: number[] = [];
    for (let attempt = 0; attempt < LOGIN_MAX_ATTEMPTS; attempt++) {
      answers.push((await (attempt % 2 === 0 ? onA : onB)('POST', '/api/v1/auth/login', { body: wrong })).status);
    }
    expect(answers).toEqual(Array(LOGIN_MAX_ATTEMPTS).fill(401));
    // Each replica has seen only half the attempts; with limits per process both would still let them through.
    for (const call of [onA, onB]) {
      const refused = await call('POST', '/api/v1/auth/login', { body: { ...wrong, password: PASSWORD } });
      expect([refused.status, refused.body.error?.code]).toEqual([429, 'rate_limited']);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('answers on replica B for a graph rebuild started on replica A, and B does not start a second one', async () => {
    const started = await onA('POST', '/api/v1/admin/graph/rebuild', { token: tenant.ownerToken });
    expect(started.status).toBe(202);
    const location = started.headers.get('location') ?? '';
    const onOther = await onB('GET', location, { token: tenant.ownerToken });
    expect(onOther.status).toBe(200);
    expect(onOther.body.id).toBe(started.body.id);
    const again = await onB('POST', '/api/v1/admin/graph/rebuild', { token: tenant.ownerToken });
    // B either joins the running rebuild or, once it is over, starts the next one: never two at once.
    if (again.status === 200) expect(again.body.id).toBe(started.body.id);
    else expect(again.status).toBe(202);
    const done = await eventually(
      () => onB('GET', location, { token: tenant.ownerToken }),
      (r) => r.body.status !== 'running',
      'the rebuild to finish, read through replica B',
    );
    expect(done.body).toMatchObject({ id: started.body.id, status: 'succeeded' });
  });

  it('never serves a price from before a change made on the other replica, a second after it', async () => {
    const token = tenant.ownerToken;
    const created = await onA('POST', '/api/v1/products', {
      token, body: { sku: `SKU-${uniqueSlug()}`, name: 'Lamp', price: { amountCents: 1000, currency: 'EUR' }, stock: 5 },
    });
    expect(created.status).toBe(201);
    const path = `/api/v1/products/${created.body.id}`;
    for (const [round, amountCents] of [1100, 1200, 1300].entries()) {
      // Replica B has the product in the shared cache before each change.
      expect((await onB('GET', path, { token })).status).toBe(200);
      const [writer, reader] = round % 2 === 0 ? [onA, onB] : [onB, onA];
      const changed = await writer('PUT', `${path}/price`, { token, body: { price: { amountCents, currency: 'EUR' } } });
      expect(changed.status).toBe(200);
      await sleep(1_000);
      for (let read = 0; read < 10; read++) {
        expect((await reader('GET', path, { token })).body.price.amountCents).toBe(amountCents);
      }
    }
  });

  it('refuses on replica B the token of a user deleted on replica A', async () => {
    const staff = await addMember(onA, tenant, 'staff');
    expect((await onB('GET', '/api/v1/categories', { token: staff.token })).status).toBe(200);
    expect((await onA('DELETE', `/api/v1/users/${staff.id}`, { token: tenant.ownerToken })).status).toBe(204);
    await eventually(() => onB('GET', '/api/v1/categories', { token: staff.token }), (r) => r.status === 401, 'replica B to refuse the token');
    for (const call of [onA, onB, onB]) {
      const refused = await call('GET', '/api/v1/categories', { token: staff.token });
      expect([refused.status, refused.body.error?.code]).toEqual([401, 'unauthenticated']);
    }
  });
});
