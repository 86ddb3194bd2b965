// The API under test as production runs it: `node dist/main-api.js` in a process of its own, so
// the load the bench makes does not share its event loop.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, readyStatus } from '../support/local-server';
import { processCpuSeconds } from './cpu';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GIVE_UP_MS = 60_000;
/** The API's output kept for an error message: its last lines are the ones that tell. */
const KEPT_OUTPUT = 16_384;

export interface ApiProcess {
  readonly base: string;
  /** The last of what it wrote to stdout and stderr. */
  output(): string;
  /** CPU seconds it used so far, user and system (from /proc: Linux only, else undefined). */
  cpuSeconds(): Promise<number | undefined>;
  /** SIGTERM, and resolves once it exited (a `--cpu-prof` profile is written by then). */
  stop(): Promise<void>;
}

/** Starts dist/main-api.js with `env` (added to PATH and HOME only) and resolves once /ready answers 200. */
export async function startApi(env: Record<string, string>, nodeFlags: readonly string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', 'dist/main-api.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-KEPT_OUTPUT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const started = performance.now();
  for (;;) {
    if ((await readyStatus(port)) === 200) {
      return { base: `http://127.0.0.1:${port}`, stop, output: () => output, cpuSeconds: async () => (child.pid === undefined ? undefined : processCpuSeconds(child.pid)) };
    }
    if (child.exitCode !== null || performance.now() - started > GIVE_UP_MS) {
      await stop();
      throw new Error(`dist/main-api.js did not become ready (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
