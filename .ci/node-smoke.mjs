// Smoke test of the built API on the Node that runs this file (.ci/run runs it on Node 22 and
// 24 from npm's `node` package): builds dist/ when stale, makes a PGlite template in a scratch
// directory (PGlite's initdb and every migration, on this Node), starts the API on an empty
// DATA_DIR and a free port, waits for 200 on /health and /ready, stops it with SIGTERM and
// expects exit 0. Any failure prints the process's output and exits 1.
//
//   <node> .ci/node-smoke.mjs [--timeout-ms 60000]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { 'timeout-ms': { type: 'string', default: '60000' } } });
const TIMEOUT_MS = Number(args['timeout-ms']);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = `Node ${process.version}`;
const DIST = join(ROOT, 'dist');

const fail = (message, output = '') => {
  console.error(`${NODE}: ${message}${output ? `\n--- output ---\n${output}` : ''}`);
  process.exit(1);
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const status = (port, path) =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(error.code ?? error.message));
    req.end();
  });

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const run = (what, file, ...fileArgs) => {
  const done = spawnSync(process.execPath, ['--enable-source-maps', file, ...fileArgs], { cwd: ROOT, encoding: 'utf8', timeout: TIMEOUT_MS });
  if (done.status !== 0) fail(`${what} failed (exit ${done.status ?? done.signal})`, `${done.stdout}${done.stderr}`);
};
run('the build', 'composition/build.mjs', '--if-stale');
const builtAt = seconds();
// dist/pglite-template was likely made by another Node: PGlite creates and migrates one here.
const scratch = mkdtempSync(join(tmpdir(), 'cg-node-smoke-'));
run('making a PGlite template', join(DIST, 'pglite-template.js'), join(scratch, 'template'));
const templateAt = seconds();

const dataDir = join(scratch, 'data');
const port = await freePort();
const child = spawn(process.execPath, ['--enable-source-maps', join(DIST, 'main-api.js')], {
  cwd: ROOT,
  env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));

try {
  const deadline = Date.now() + TIMEOUT_MS;
  for (const path of ['/health', '/ready']) {
    let last;
    while ((last = await status(port, path)) !== 200) {
      if (child.exitCode !== null) fail(`the API exited with ${child.exitCode} before ${path} answered 200`, output);
      if (Date.now() > deadline) fail(`no 200 on ${path} within ${TIMEOUT_MS} ms (last: ${last})`, output);
      await sleep(50);
    }
  }
  const readyAt = seconds();
  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000, 'no exit within 15 s', { ref: false })]);
  if (code !== 0) {
    child.kill('SIGKILL');
    fail(`SIGTERM ended the API with ${code}, not 0`, output);
  }
  console.log(`${NODE}: built at ${builtAt}, PGlite template made at ${templateAt}, /health and /ready 200 at ${readyAt}, exit 0 on SIGTERM at ${seconds()}`);
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}
