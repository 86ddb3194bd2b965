// A built entry point (dist/main-api.js, dist/main-worker.js) in a process of its own, as
// production runs it, so the load a bench makes does not share its event loop; its pid at hand
// for what benches read from /proc (memory, CPU).
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePort, readyStatus } from './local-server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GIVE_UP_MS = 60_000;
/** The process's output kept for an error message: its last lines are the ones that tell. */
const KEPT_OUTPUT = 16_384;

export interface NodeProcess {
  readonly base: string;
  readonly pid: number;
  /** The last of what it wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM, and resolves once it exited (a `--cpu-prof` profile is written by then). */
  stop(): Promise<void>;
}

/**
 * Starts `node <entry>` with `env` (added to PATH and HOME only) and a free port in `portVariable`,
 * and resolves once its /ready answers 200.
 */
export async function startNodeProcess(
  entry: string,
  portVariable: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<NodeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', [portVariable]: String(port), ...env },
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
    if ((await readyStatus(port)) === 200 && child.pid !== undefined) {
      return { base: `http://127.0.0.1:${port}`, pid: child.pid, stop, output: () => output };
    }
    if (child.exitCode !== null || performance.now() - started > GIVE_UP_MS) {
      await stop();
      throw new Error(`${entry} did not become ready (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resident and peak resident memory of a process in MiB (VmRSS, VmHWM of /proc/<pid>/status: Linux only). */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) / 1024;
  };
  return { rssMiB: kib('VmRSS'), peakMiB: kib('VmHWM') };
}

/**
 * Restarts the peak (VmHWM) of a process of ours from its current RSS (`5` to clear_refs, Linux
 * 4.0+), so a later peak tells about what came after; false where the kernel refuses.
 */
export async function resetPeak(pid: number): Promise<boolean> {
  return writeFile(`/proc/${pid}/clear_refs`, '5').then(
    () => true,
    () => false,
  );
}
