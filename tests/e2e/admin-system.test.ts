// GET /admin/system and dead-letter replay (SPEC §3.7) on the embedded in-process bus: a
// poison message ends in the dead letters, shows there, and is handled after a fix and a replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../application/ports/event-publisher';
import { TOKENS } from '../../composition/tokens';
import { domainEvent } from '../../domain/shared/domain-event';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { buggyConsumer } from '../support/buggy-consumer';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/unique';

describe('admin system endpoints', () => {
  let app: TestApp;
  let call: Call;
  let tenant: Tenant;
  let admin: Member;
  let staff: Member;
  const buggy = buggyConsumer();

  beforeAll(async () => {
    app = await startTestApp({ env: { CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_RETRY_DELAYS_MS: '20' }, consumers: [buggy] });
    call = httpClient(app.baseUrl);
    tenant = await registerCompany(call);
    admin = await addMember(call, tenant, 'admin');
    staff = await addMember(call, tenant, 'staff');
  });
  afterAll(() => app.close());

  const status = () => call('GET', '/api/v1/admin/system', { token: admin.token });
  const publish = (type: string, payload: unknown) =>
    app.app.container.get<EventPublisher>(TOKENS.EventPublisher).publish([
      domainEvent(type, tenant.companyId, payload, { id: uniqueId(), occurredAt: new Date() }),
    ]);

  it('answers outbox lag, queues, dead letters and consumers to admins only', async () => {
    const res = await status();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outbox: { pending: expect.any(Number), oldestPendingSeconds: expect.any(Number) },
      deadLetters: { total: expect.any(Number), byQueue: expect.any(Object) },
      bus: { reachable: true },
    });
    expect(res.body.consumers).toContainEqual({ name: 'interest-inference', eventTypes: ['OrderStatusChanged'], status: 'running' });
    expect(res.body.queues.map((q: { name: string }) => q.name)).toContain('interest-inference');
    for (const queue of res.body.queues) expect(queue).toEqual({ name: expect.any(String), messages: expect.any(Number), consumers: expect.any(Number) });
    expect((await call('GET', '/api/v1/admin/system', { token: staff.token })).status).toBe(403);
    expect((await call('GET', '/api/v1/admin/system')).status).toBe(401);
  });

  it('dead-letters a malformed message at once and shows it under its queue', async () => {
    await publish('OrderStatusChanged', { userId: 42, to: 'teleported' });
    const res = await eventually(status, (r) => r.body.deadLetters.byQueue['interest-inference'] === 1, 'a dead letter');
    expect(res.body.deadLetters.byQueue['interest-inference']).toBe(1);
    expect(res.body.deadLetters.total).toBeGreaterThanOrEqual(1);
  });

  it('retries a failing message, dead-letters it, and handles it after a fix and a replay', async () => {
    await publish('BuggyThing', { n: 1 });
    const dead = await eventually(status, (r) => r.body.deadLetters.byQueue['buggy-consumer'] === 1, 'a dead letter');
    expect(dead.body.deadLetters.byQueue['buggy-consumer']).toBe(1);
    expect(buggy.handled).toEqual([]);

    buggy.fix();
    expect((await call('POST', '/api/v1/admin/dead-letters/buggy-consumer/replay', { token: staff.token })).status).toBe(403);
    const replay = await call('POST', '/api/v1/admin/dead-letters/buggy-consumer/replay', { token: admin.token });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ queue: 'buggy-consumer', replayed: 1 });
    await eventually(async () => buggy.handled.length, (n) => n === 1, 'the replayed message');
    expect(buggy.handled).toHaveLength(1);
    expect((await status()).body.deadLetters.byQueue['buggy-consumer'] ?? 0).toBe(0);

    const metrics = (await call('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/^events_retried_total\{consumer="buggy-consumer"\} 1$/m);
    expect(metrics).toMatch(/^events_dead_lettered_total\{consumer="buggy-consumer"\} 1$/m);
    expect(metrics).toMatch(/^events_consumed_total\{consumer="buggy-consumer"\} 1$/m);
    expect(metrics).toMatch(/^outbox_published_events_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^outbox_oldest_pending_seconds \d/m);
    expect(metrics).toMatch(/^bus_dead_letters\{queue="interest-inference"\} 1$/m);
  });

  it('answers 404 for an unknown consumer queue and 400 for a malformed name', async () => {
    const unknown = await call('POST', '/api/v1/admin/dead-letters/no-such-consumer/replay', { token: admin.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const bad = await call('POST', '/api/v1/admin/dead-letters/Bad%20Name!/replay', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});
