// /metrics is not public, at the process level: `NODE_ENV=production` refuses to start
// without METRICS_TOKEN or METRICS_PORT, the API entry point serves METRICS_PORT on its own
// server, and the worker's probe server asks for METRICS_TOKEN like the API does.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../composition/config';
import { createWorker, type Worker } from '../../composition/worker';
import { freePort, startApiProcess } from '../support/api-process';
import { builtEntry } from '../support/built-entry';
import { httpClient } from '../support/http-client';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

const METRICS_TOKEN = 'metrics-token-0123456789';
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) };
const postgres = await postgresAvailable();
const available = postgres && (await rabbitAvailable());

describe('the API process and /metrics', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cg-metrics-'));
    dirs.push(dir);
    return dir;
  };

  it('refuses to start in production with neither METRICS_TOKEN nor METRICS_PORT, naming both', async () => {
    const child = spawn(process.execPath, builtEntry('main-api'), {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: await dataDir(), PORT: String(await freePort()), ...PRODUCTION },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(output).toMatch(/METRICS_TOKEN or METRICS_PORT: one is required when NODE_ENV=production/);
    expect(output).not.toContain('listening');
  });

  // On PostgreSQL, which starts faster than an embedded store that loads and migrates first.
  it.skipIf(!postgres)('starts in production with METRICS_PORT and serves /metrics there only', { timeout: 120_000 }, async () => {
    const db = await openTestDatabase('postgres');
    const metricsPort = await freePort();
    const api = await startApiProcess({ ...PRODUCTION, DATA_DIR: await dataDir(), DATABASE_URL: db.url ?? '', METRICS_PORT: String(metricsPort) });
    try {
      const onPublic = await httpClient(`http://127.0.0.1:${api.port}`)('GET', '/metrics');
      expect([onPublic.status, onPublic.body.error.code]).toEqual([404, 'not_found']);
      const onOwn = await httpClient(`http://127.0.0.1:${metricsPort}`)('GET', '/metrics');
      expect(onOwn.status).toBe(200);
      expect(onOwn.body).toContain('process_cpu_seconds_total');
    } finally {
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      await db.close();
    }
  });
});

describe.skipIf(!available)("the worker's probe server with METRICS_TOKEN", () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  let worker: Worker;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
    const config = loadConfig({ DATABASE_URL: db.url ?? '', AMQP_URL: vhost.url, WORKER_PORT: '0', LOG_LEVEL: 'silent', METRICS_TOKEN });
    worker = await createWorker({ config, logger: pino({ level: 'silent' }), jwtSecret: 'x'.repeat(32), orm: db.orm });
  });
  afterAll(async () => {
    await worker?.close();
    await vhost?.delete();
    await db?.close();
  });

  it('asks for the token on /metrics and serves it to the token; the probes stay open', async () => {
    const probes = httpClient(`http://127.0.0.1:${worker.port}`);
    for (const headers of [{}, { authorization: 'Bearer not-the-metrics-token' }] as Record<string, string>[]) {
      const refused = await probes('GET', '/metrics', { headers });
      expect([refused.status, refused.body.error.code, refused.headers.get('www-authenticate')]).toEqual([401, 'unauthenticated', 'Bearer']);
    }
    const served = await probes('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(served.status).toBe(200);
    expect(served.body).toContain('process_cpu_seconds_total');
    expect((await probes('GET', '/health')).status).toBe(200);
  });
});
