// SIGTERM always stops `npm start` and `npm run worker`: with the reader of their logs gone
// (a closed stdout pipe), and with a request that never ends. What is asserted is how each one
// ends: by itself, with its exit code, through the graceful path (0) or the forced exit after
// SHUTDOWN_TIMEOUT_MS (1, saying so). No duration is asserted: GIVE_UP_MS only turns a hang
// into a failure with a reason, far beyond any shutdown timeout used here.
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, startWorkerProcess } from '../support/api-process';
import { closeOutputPipes, signalAndAwaitExit, startScript, waitForOutput, type Ending } from '../support/process-exit';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

const GIVE_UP_MS = 8_000;

interface EndlessRequest {
  readonly req: ClientRequest;
  /** Settles when the server answers or drops the connection. */
  readonly outcome: Promise<string>;
}

/** A login whose headers promise a body of which only half is ever sent. */
async function endlessRequest(port: number): Promise<EndlessRequest> {
  const body = JSON.stringify({ companySlug: 'nobody-here', email: 'x@example.com', password: 'wrong-password' });
  const req = request({
    host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const outcome = new Promise<string>((resolve) => {
    req.on('response', (res) => resolve(`answered ${res.statusCode}`));
    req.on('error', (error) => resolve(`dropped: ${error.message}`));
  });
  await new Promise<void>((resolve) => req.write(body.slice(0, body.length / 2), () => resolve()));
  // Let the server read the headers, so the request is in flight when the signal lands.
  await new Promise((r) => setTimeout(r, 200));
  return { req, outcome };
}

/** The process exited by itself (not killed by the test) with that code. */
function expectExit(ending: Ending, code: number): void {
  expect(ending.killed).toBe(false);
  expect(ending.code).toBe(code);
}

describe('npm start on SIGTERM', () => {
  it('exits gracefully once the reader of its output is gone', async () => {
    const api = await startApiProcess({ SHUTDOWN_TIMEOUT_MS: '2000' });
    // Its first write into the broken pipe is the shutdown's own log line.
    await closeOutputPipes(api.child);

    const ending = await signalAndAwaitExit(api.child, 'SIGTERM', GIVE_UP_MS);

    expectExit(ending, 0);
  });

  it('keeps serving after the reader of its output is gone (the log lines are lost), then stops on SIGTERM', async () => {
    const api = await startApiProcess({ SHUTDOWN_TIMEOUT_MS: '2000' });
    await closeOutputPipes(api.child);

    for (let i = 0; i < 3; i++) {
      expect((await fetch(`http://127.0.0.1:${api.port}/health`)).status).toBe(200);
    }
    const ending = await signalAndAwaitExit(api.child, 'SIGTERM', GIVE_UP_MS);

    expectExit(ending, 0);
  });

  it('drops a request that never ends and exits once SHUTDOWN_TIMEOUT_MS ran out, saying so', async () => {
    const api = await startApiProcess({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const endless = await endlessRequest(api.port);

    const ending = await signalAndAwaitExit(api.child, 'SIGTERM', GIVE_UP_MS);

    expect(ending.killed).toBe(false);
    expect(await endless.outcome).toMatch(/^dropped/);
    expect(api.output()).toMatch(/shutdown timeout|forced exit/);
  });

  it('exits at once, non-zero, on a second signal while it is stopping', async () => {
    const api = await startApiProcess({ SHUTDOWN_TIMEOUT_MS: '30000' });
    const endless = await endlessRequest(api.port);
    api.child.kill('SIGTERM');
    await waitForOutput(api.output, 'shutting down');

    const ending = await signalAndAwaitExit(api.child, 'SIGINT', GIVE_UP_MS);

    expect(ending.killed).toBe(false);
    expect(ending.code).not.toBe(0);
    expect(api.output()).toContain('second signal');
    endless.req.destroy();
  });
});

describe('a shutdown that never finishes', () => {
  const start = (env: Record<string, string>) => startScript('tests/support/stubborn-process.ts', { SHUTDOWN_TIMEOUT_MS: '300', ...env }, 'stubborn process ready');

  it('is cut short: the process exits non-zero once SHUTDOWN_TIMEOUT_MS ran out, saying so', async () => {
    const stubborn = await start({});

    const ending = await signalAndAwaitExit(stubborn.child, 'SIGTERM', GIVE_UP_MS);

    expectExit(ending, 1);
    expect(stubborn.output()).toContain('forced exit');
  });

  it('is cut short even when every log call throws', async () => {
    const stubborn = await start({ LOGS: 'throwing' });

    const ending = await signalAndAwaitExit(stubborn.child, 'SIGTERM', GIVE_UP_MS);

    expectExit(ending, 1);
    // The forced exit, not a crash on the first failing log call.
    expect(stubborn.output()).not.toContain('the log destination is broken');
  });
});

const servicesAvailable = (await postgresAvailable()) && (await rabbitAvailable());

describe.skipIf(!servicesAvailable)('npm run worker on SIGTERM', () => {
  let db: TestDatabase;
  let vhost: TestVhost;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
  });
  afterAll(async () => {
    await vhost?.delete();
    await db?.close();
  });

  it('exits gracefully once the reader of its output is gone', async () => {
    const worker = await startWorkerProcess({ DATABASE_URL: db.url ?? '', AMQP_URL: vhost.url, SHUTDOWN_TIMEOUT_MS: '2000' });
    await closeOutputPipes(worker.child);

    const ending = await signalAndAwaitExit(worker.child, 'SIGTERM', GIVE_UP_MS);

    expectExit(ending, 0);
  });
});
