// Global setup of the `services` project: its process tests run the compiled entry points
// (tests/support/built-entry.ts), so dist/ is built before them when missing or stale.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../composition/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
}
