// The API under test as production runs it: `node dist/main-api.js` in a process of its own, so
// the load the bench makes does not share its event loop.
import { startNodeProcess } from '../support/node-process';
import { processCpuSeconds } from './cpu';

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
  const api = await startNodeProcess('dist/main-api.js', 'PORT', env, nodeFlags);
  return { base: api.base, output: api.output, stop: api.stop, cpuSeconds: () => processCpuSeconds(api.pid) };
}
