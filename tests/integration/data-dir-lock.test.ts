import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../adapters/postgres/data-dir-lock';
import { freePort, startApiProcess, type ApiProcess } from '../support/api-process';
import { httpClient } from '../support/http-client';
import { runToExit } from '../support/processes';
import { uniqueSlug } from '../support/unique';

const PASSWORD = 'correct horse battery staple';
// Each test starts several full processes one after another (PGlite migrations included).
const STARTS_TIMEOUT_MS = 180_000;
const running: ApiProcess[] = [];
const dataDirs: string[] = [];

async function startApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const api = await startApiProcess(env);
  running.push(api);
  dataDirs.push(api.dataDir);
  return api;
}

async function stop(api: ApiProcess): Promise<number | null> {
  api.child.kill('SIGTERM');
  return api.exited;
}

const lockHolderPid = (dataDir: string): number => JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')).pid;

afterAll(async () => {
  for (const api of running) if (api.child.exitCode === null && api.child.signalCode === null) await stop(api);
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('one process per embedded data directory', () => {
  it('refuses a second API, a worker and the CLI on a held DATA_DIR, naming the holder, which keeps serving', async () => {
    const holder = await startApi();
    const held = `DATA_DIR ${holder.dataDir} is in use by process ${holder.child.pid} (started `;
    const env = { DATA_DIR: holder.dataDir };

    const [api, worker, migrate, seed] = await Promise.all([
      runToExit('main-api', [], { ...env, PORT: String(await freePort()) }),
      runToExit('main-worker', [], { ...env, AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' }),
      runToExit('cli', ['migrate'], env),
      runToExit('cli', ['seed-demo', '--products', '5', '--customers', '2'], env),
    ]);
    for (const refused of [api, worker, migrate, seed]) {
      expect(refused.code, refused.output).toBe(3);
      expect(refused.output).toContain(held);
    }
    for (const cli of [migrate, seed]) expect(cli.output).toMatch(/stop the server first[\s\S]*set DATABASE_URL to a PostgreSQL server/);

    const call = httpClient(`http://127.0.0.1:${holder.port}`);
    expect((await call('GET', '/health')).status).toBe(200);
    const slug = uniqueSlug();
    const email = `owner@${slug}.test`;
    const created = await call('POST', '/api/v1/companies', { body: { name: 'Still Here', slug, owner: { email, password: PASSWORD, displayName: 'Owner' } } });
    expect(created.status).toBe(201);
    const me = await call('GET', '/api/v1/users/me', { token: created.body.tokens.accessToken });
    expect([me.status, me.body.email]).toEqual([200, email]);
    expect(lockHolderPid(holder.dataDir)).toBe(holder.child.pid);

    expect(await stop(holder)).toBe(0);
    expect(existsSync(join(holder.dataDir, LOCK_FILE_NAME))).toBe(false);

    const next = await startApi(env);
    const login = await httpClient(`http://127.0.0.1:${next.port}`)('POST', '/api/v1/auth/login', { body: { companySlug: slug, email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.tokens.accessToken).toEqual(expect.any(String));
    expect(await stop(next)).toBe(0);
  }, STARTS_TIMEOUT_MS);

  it('takes over the lock of an API killed with SIGKILL', async () => {
    const killed = await startApi();
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(lockHolderPid(killed.dataDir)).toBe(killed.child.pid);

    const next = await startApi({ DATA_DIR: killed.dataDir });
    expect(lockHolderPid(killed.dataDir)).toBe(next.child.pid);
    expect((await httpClient(`http://127.0.0.1:${next.port}`)('GET', '/health')).status).toBe(200);
    expect(await stop(next)).toBe(0);
  }, STARTS_TIMEOUT_MS);
});
