// The compiled entry points, as production runs them (SPEC §1.2: `dist/`, never a TypeScript
// loader). The `services` project builds them once per run (tests/support/build-once.ts).
import { fileURLToPath } from 'node:url';

export type EntryPoint = 'main-api' | 'main-worker' | 'cli';

/** `node` arguments that run `entry` from dist/ with stack traces mapped to the TypeScript. */
export function builtEntry(entry: EntryPoint, args: readonly string[] = []): string[] {
  return ['--enable-source-maps', fileURLToPath(new URL(`../../dist/${entry}.js`, import.meta.url)), ...args];
}
