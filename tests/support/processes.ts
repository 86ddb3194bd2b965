// Runs an entry point as a child process until it exits, for tests about processes that are
// meant to stop on their own (a refused start, a one-shot CLI command).
import { spawn } from 'node:child_process';
import { builtEntry, type EntryPoint } from './built-entry';

export interface FinishedProcess {
  readonly pid: number | undefined;
  readonly code: number | null;
  /** stdout and stderr together. */
  readonly output: string;
}

/** `entry` compiled in dist/ (built-entry.ts); `env` on top of PATH only. */
export function runToExit(entry: EntryPoint, args: readonly string[], env: Record<string, string>): Promise<FinishedProcess> {
  const child = spawn(process.execPath, builtEntry(entry, args), {
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
