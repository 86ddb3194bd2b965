// A production-like deployment on real servers: the API (`npm start` with AMQP_URL) only
// writes the outbox and reads the broker's figures; the worker relays and consumes. A paid
// order becomes inferred interests through RabbitMQ; a poison message ends in the dead
// letters, shows in GET /admin/system, and is handled after a fix and a replay. With the
// broker down the API still takes writes and says what is unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { loadConfig } from '../../composition/config';
import { createWorker, type Worker } from '../../composition/worker';
import { domainEvent } from '../../domain/shared/domain-event';
import { ok } from '../../domain/shared/result';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call, type HttpResult } from '../support/http-client';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { startTestApp, type TestApp } from '../support/test-app';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';
import { buggyConsumer } from '../support/buggy-consumer';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/unique';

const available = (await postgresAvailable()) && (await rabbitAvailable());
const RETRIES = { CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_RETRY_DELAYS_MS: '50' };


describe.skipIf(!available)('API and worker on PostgreSQL and RabbitMQ', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  let worker: Worker;
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let admin: Member;
  /** The worker's DATA_DIR: its mail goes to `mail/` there as .eml files. */
  let workerData: string;
  const buggy = buggyConsumer();

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
    workerData = await mkdtemp(join(tmpdir(), 'cg-worker-'));
    const config = loadConfig({ DATABASE_URL: db.url ?? '', AMQP_URL: vhost.url, WORKER_PORT: '0', LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '50', DATA_DIR: workerData, ...RETRIES });
    worker = await createWorker({ config, logger: pino({ level: 'silent' }), jwtSecret: 'x'.repeat(32), orm: db.orm, extraConsumers: [buggy] });
    app = await startTestApp({ database: db, env: { AMQP_URL: vhost.url, ...RETRIES }, consumers: [buggy] });
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    admin = await addMember(call, tenant, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await worker?.close();
    await vhost?.delete();
    await db?.close();
    if (workerData) await rm(workerData, { recursive: true, force: true });
  });

  const status = () => call('GET', '/api/v1/admin/system', { token: admin.token });
  /** The status of the consumers the worker runs (the test app's recorder only exists in the API). */
  const workerConsumers = (r: HttpResult) =>
    ['interest-inference', 'buggy-consumer'].map((name) => r.body.consumers.find((c: { name: string }) => c.name === name)?.status);

  it('turns a paid order into inferred interests through the worker', async () => {
    const customer = await addMember(call, tenant, 'customer');
    const token = tenant.ownerToken;
    const product = (await call('POST', '/api/v1/products', {
      token, body: { sku: 'RUG-1', name: 'Wool rug', brand: 'Weft', tags: ['wool'], price: { amountCents: 9900, currency: 'EUR' }, stock: 3 },
    })).body;
    const order = (await call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: product.id, quantity: 1 }] } })).body;
    expect((await call('POST', `/api/v1/orders/${order.id}/transitions`, { token, body: { to: 'paid' } })).status).toBe(200);
    const interests = await eventually(
      () => call('GET', `/api/v1/users/${customer.id}/interests`, { token: customer.token }),
      (r: HttpResult) => r.body.items.length === 2,
      'inferred interests',
    );
    expect(interests.body.items.map((i: { source: string; dimension: string; value: string }) => `${i.source}:${i.dimension}=${i.value}`))
      .toEqual(['inferred:brand=Weft', 'inferred:tag=wool']);
  });

  it('shows the broker\'s queues, consumers and a poison message, and replays it after a fix', async () => {
    await new MikroOrmUnitOfWork(db.orm).run(async (tx) => {
      await tx.outbox.add(domainEvent('BuggyThing', tenant.companyId, {}, { id: uniqueId(), occurredAt: new Date() }));
      return ok(undefined);
    });
    const dead = await eventually(status, (r) => r.body.deadLetters?.byQueue['buggy-consumer'] === 1, 'a dead letter');
    expect(dead.status).toBe(200);
    expect(dead.body.bus).toEqual({ reachable: true });
    expect(dead.body.consumers).toContainEqual({ name: 'interest-inference', eventTypes: ['OrderStatusChanged'], status: 'running' });
    expect(dead.body.queues).toContainEqual({ name: 'buggy-consumer.dead', messages: 1, consumers: 0 });
    expect(dead.body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['interest-inference', 'buggy-consumer']));
    expect(buggy.handled).toEqual([]);

    buggy.fix();
    const replay = await call('POST', '/api/v1/admin/dead-letters/buggy-consumer/replay', { token: admin.token });
    expect(replay.body).toEqual({ queue: 'buggy-consumer', replayed: 1 });
    await eventually(async () => buggy.handled.length, (n) => n === 1, 'the replayed message');
    expect((await status()).body.deadLetters.byQueue['buggy-consumer']).toBe(0);
  });

  it('carries on in both processes after the broker drops every connection', async () => {
    expect((await status()).body.bus.reachable).toBe(true); // the API holds a connection now
    await vhost.closeAllConnections();
    const again = await eventually(status, (r) => r.body.bus?.reachable === true && workerConsumers(r).every((status) => status === 'running'), 'the API and the worker back');
    expect(again.status).toBe(200);
    const customer = await addMember(call, tenant, 'customer');
    const product = (await call('POST', '/api/v1/products', {
      token: tenant.ownerToken, body: { sku: 'CUT-1', name: 'Cut', tags: ['after-the-cut'], price: { amountCents: 100, currency: 'EUR' }, stock: 1 },
    })).body;
    const order = (await call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: product.id, quantity: 1 }] } })).body;
    await call('POST', `/api/v1/orders/${order.id}/transitions`, { token: tenant.ownerToken, body: { to: 'paid' } });
    const interests = await eventually(
      () => call('GET', `/api/v1/users/${customer.id}/interests`, { token: customer.token }),
      (r: HttpResult) => r.body.items.length === 1,
      'inferred interests after the cut',
    );
    expect(interests.body.items[0]).toMatchObject({ dimension: 'tag', value: 'after-the-cut', source: 'inferred' });
  });

  it('mails a password reset from the worker, not from the API', async () => {
    const ask = await call('POST', '/api/v1/auth/password-reset', { body: { companySlug: tenant.slug, email: tenant.ownerEmail } });
    expect(ask.status).toBe(202);
    const mailbox = join(workerData, 'mail');
    const mails = await eventually(
      async () => Promise.all((await readdir(mailbox).catch(() => [])).map((name) => readFile(join(mailbox, name), 'utf8'))),
      (texts) => texts.some((text) => text.includes(`To: ${tenant.ownerEmail}`)),
      'the reset mail in the worker\'s mailbox',
    );
    expect(mails.filter((text) => text.includes('reset token:'))).toHaveLength(1);
    expect(app.mailer.sentTo(tenant.ownerEmail)).toEqual([]);
  });

  it('names the broker in /ready', async () => {
    const ready = await call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.adapters).toContainEqual({ name: 'bus:rabbitmq', critical: true, reachable: true });
  });
});

describe.skipIf(!available)('API with an unreachable broker', () => {
  let app: TestApp;
  let call: Call;
  beforeAll(async () => {
    app = await startTestApp({ env: { AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' } });
    call = httpClient(app.baseUrl);
  });
  afterAll(() => app?.close());

  it('keeps taking writes into the outbox, reports the broker down, and refuses a replay with 503', async () => {
    const tenant = await registerCompany(call);
    const admin = await addMember(call, tenant, 'admin');
    const res = await call('GET', '/api/v1/admin/system', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.bus.reachable).toBe(false);
    // Company, owner and admin events wait for a worker: none is lost.
    expect(res.body.outbox.pending).toBeGreaterThanOrEqual(3);
    const replay = await call('POST', '/api/v1/admin/dead-letters/interest-inference/replay', { token: admin.token });
    expect(replay.status).toBe(503);
    expect(replay.body.error.code).toBe('unavailable');
    expect(replay.headers.get('retry-after')).toBe('5');
    const ready = await call('GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.adapters).toContainEqual(expect.objectContaining({ name: 'bus:rabbitmq', reachable: false }));
  });
});
