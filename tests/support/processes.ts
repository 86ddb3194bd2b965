// Runs an entry point as a child process until it exits, for tests about processes that are
// meant to stop on their own (a refused start, a one-shot CLI command).
import { spawn } from 'node:child_process';

export interface FinishedProcess {
  readonly pid: number | undefined;
  readonly code: number | null;
  /** stdout and stderr together. */
  readonly output: string;
}

/** `entry` relative to the repository root, e.g. `composition/cli.ts`; `env` on top of PATH only. */
export function runToExit(entry: string, args: readonly string[], env: Record<string, string>): Promise<FinishedProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ pid: child.pid, code, output }));
  });
}
