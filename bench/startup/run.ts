// bench/startup: cold start of the embedded API, from spawn to the first 200 on /ready
// (SPEC §4: ≤ 5 s, an empty DATA_DIR included). Starts the built API (`node dist/main-api.js`,
// as production and the image run it) RUNS times on a new, empty DATA_DIR and RUNS times on
// one that already holds a store, with the embedded defaults (no DATABASE_URL, REDIS_URL,
// AMQP_URL or NEO4J_URL). `npm` adds the same through `npm start` (its launcher checks that
// dist/ is up to date, then imports it), for comparison. Empty and existing runs alternate, so
// a machine that gets busier during the run weighs on both alike. Prints figures, asserts none.
//
//   npm run bench:startup -- [--runs 5] [--paths dist,npm]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, readyStatus } from '../support/local-server';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    paths: { type: 'string', default: 'dist,npm' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** SPEC §4. */
const TARGET_MS = 5000;
const POLL_MS = 10;
const GIVE_UP_MS = 60_000;

type Path = 'dist' | 'npm';
const COMMANDS: Record<Path, { readonly label: string; readonly command: string; readonly args: readonly string[] }> = {
  dist: { label: 'node --enable-source-maps dist/main-api.js', command: process.execPath, args: ['--enable-source-maps', 'dist/main-api.js'] },
  npm: { label: 'npm start', command: 'npm', args: ['start', '--silent'] },
};
const PATHS = args.paths.split(',').map((path) => {
  if (!(path in COMMANDS)) throw new Error(`unknown path ${path}: one of ${Object.keys(COMMANDS).join(', ')}`);
  return path as Path;
});

interface Run {
  readonly path: Path;
  readonly dataDir: 'empty' | 'existing';
  /** Spawn to the first 200 on /ready. */
  readonly readyMs: number;
  /** Spawn to the "listening" log line (the rest is the first request). */
  readonly listeningMs: number | undefined;
}

/** One start: spawn, poll /ready until 200, SIGTERM, wait for the exit (so runs never overlap). */
async function startOnce(path: Path, dataDir: string): Promise<Omit<Run, 'path' | 'dataDir'>> {
  const port = await freePort();
  const { command, args: commandArgs } = COMMANDS[path];
  const started = performance.now();
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    // The embedded defaults: only what a shell gives every process, the port and the directory.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: npm's children go with it
  });
  let output = '';
  let listeningMs: number | undefined;
  const collect = (chunk: Buffer) => {
    output += String(chunk);
    if (listeningMs === undefined && output.includes('API listening')) listeningMs = performance.now() - started;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (;;) {
      if ((await readyStatus(port)) === 200) return { readyMs: performance.now() - started, listeningMs };
      if (child.exitCode !== null) throw new Error(`${COMMANDS[path].label} exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`${COMMANDS[path].label}: no 200 on /ready in ${GIVE_UP_MS} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number | undefined) => (ms === undefined ? '   -  ' : `${(ms / 1000).toFixed(2)} s`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  // The bench times starting, not building: dist/ (and its PGlite template) is made first when stale.
  execFileSync(process.execPath, ['composition/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  const scratch = await mkdtemp(join(tmpdir(), 'cg-bench-startup-'));
  const runs: Run[] = [];
  try {
    console.log(`load average before: ${load()}`);
    for (const path of PATHS) {
      const existing = join(scratch, `${path}-existing`);
      await startOnce(path, existing); // creates the store the "existing" runs start on; not counted
      for (let i = 1; i <= RUNS; i++) {
        const empty = join(scratch, `${path}-empty-${i}`);
        for (const [kind, dir] of [['empty', empty], ['existing', existing]] as const) {
          const run: Run = { path, dataDir: kind, ...(await startOnce(path, dir)) };
          runs.push(run);
          console.log(`${COMMANDS[path].label.padEnd(43)} ${kind.padEnd(8)} #${i}: ready ${seconds(run.readyMs)} (listening ${seconds(run.listeningMs)})`);
        }
        await rm(empty, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  console.log(`load average after: ${load()}\n`);
  console.log(`median of ${RUNS}, spawn → first 200 on /ready (target ≤ ${TARGET_MS / 1000} s):`);
  for (const path of PATHS) {
    for (const kind of ['empty', 'existing'] as const) {
      const mine = runs.filter((run) => run.path === path && run.dataDir === kind);
      console.log(`  ${COMMANDS[path].label.padEnd(43)} ${kind.padEnd(8)} DATA_DIR: ${seconds(median(mine.map((run) => run.readyMs)))}`);
    }
  }
}

await main();
