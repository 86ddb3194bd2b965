// Runs `npm start`'s and `npm run worker`'s entry points as real child processes, for tests
// about process life: the compiled ones in dist/, as production runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtEntry, type EntryPoint } from './built-entry';

export interface ApiProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly dataDir: string;
  readonly output: () => string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  return startProcess('main-api', 'API listening', 'PORT', env);
}

/** `npm run worker`; `port` is its probe server's (/health, /ready, /metrics). */
export function startWorkerProcess(env: Record<string, string>): Promise<ApiProcess> {
  return startProcess('main-worker', 'worker running', 'WORKER_PORT', env);
}

async function startProcess(entry: EntryPoint, readyLine: string, portVariable: string, env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'cg-process-')));
  const child = spawn(process.execPath, builtEntry(entry), {
    env: { PATH: process.env.PATH ?? '', [portVariable]: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes(readyLine)) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, dataDir, output: () => output, exited };
}
