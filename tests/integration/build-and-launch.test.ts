// SPEC §1.2: production runs compiled JavaScript. `npm start`, `npm run worker` and the CLI go
// through composition/start.mjs, which builds dist/ when it is missing or stale and then runs
// the built entry in its own process. Each test works on a copy of the sources whose
// node_modules/ holds every installed package but tsx, so nothing there could load TypeScript
// at run time, and the tree's own dist/ is left alone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/api-process';
import { signalAndAwaitExit, waitForOutput } from '../support/process-exit';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const COPIED = ['domain', 'application', 'adapters', 'composition', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** What the launcher prints when, and only when, it builds. */
const BUILT = /built dist\/ in \d+ ms \(it was (missing|stale)\)/;

describe('npm start / worker / cli: the launcher and the compiled build', () => {
  const copies: string[] = [];
  afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** A copy of the sources without dist/, beside a node_modules/ of links to all packages but tsx. */
  async function sourceCopy(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'cg-build-'));
    copies.push(root);
    await Promise.all(COPIED.map((name) => cp(join(REPO, name), join(root, name), { recursive: true })));
    await mkdir(join(root, 'node_modules'));
    const packages = (await readdir(join(REPO, 'node_modules'))).filter((name) => name !== 'tsx' && name !== '.bin');
    await Promise.all(packages.map((name) => symlink(join(REPO, 'node_modules', name), join(root, 'node_modules', name))));
    return root;
  }

  function launch(root: string, args: readonly string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [join(root, 'composition/start.mjs'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: join(root, 'data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  const runToExit = async (root: string, args: readonly string[]) => {
    const run = launch(root, args);
    return { code: await run.exited, output: run.output() };
  };

  let root: string;
  beforeAll(async () => {
    root = await sourceCopy();
  });

  it('builds into a missing dist/ and serves /health from it, with tsx out of reach', async () => {
    expect(() => createRequire(join(root, 'package.json')).resolve('tsx'), 'tsx must not resolve from the copy').toThrow(/Cannot find module/);
    expect(existsSync(join(root, 'dist'))).toBe(false);
    const port = await freePort();
    const api = launch(root, ['main-api'], { PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitForOutput(api.output, 'API listening', 60_000);
      expect(api.output()).toMatch(BUILT);
      expect(api.output()).toContain('(it was missing)');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    } finally {
      if (api.child.exitCode === null) expect((await signalAndAwaitExit(api.child, 'SIGTERM', 20_000)).code, api.output()).toBe(0);
    }
    expect(existsSync(join(root, 'dist/main-api.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/main-worker.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/cli.js'))).toBe(true);
    expect((await readdir(join(root, 'dist/chunks'))).some((name) => name.endsWith('.js'))).toBe(true);
  }, 120_000);

  it('builds again only once a source changed, and passes the arguments to the entry', async () => {
    await runToExit(root, ['cli', 'help']); // builds unless the test above did
    const stamp = await readFile(join(root, 'dist/build.json'), 'utf8');

    const again = await runToExit(root, ['cli', '--help']);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('usage: npm run cli -- <command>');
    expect(again.output).not.toMatch(BUILT);
    expect(await readFile(join(root, 'dist/build.json'), 'utf8')).toBe(stamp);

    const later = new Date(Date.now() + 5_000);
    await utimes(join(root, 'composition/main-api.ts'), later, later);
    const touched = await runToExit(root, ['cli', '--help']);
    expect(touched.code, touched.output).toBe(0);
    expect(touched.output).toMatch(BUILT);
    expect(touched.output).toContain('(it was stale)');
    expect(await readFile(join(root, 'dist/build.json'), 'utf8')).not.toBe(stamp);
  }, 60_000);

  it('maps a stack trace of the built code to the TypeScript file and line', async () => {
    const source = (await readFile(join(root, 'composition/cli.ts'), 'utf8')).split('\n');
    const line = source.findIndex((text) => text.includes("parseArgs({ args: rest, options: { name: { type: 'string' } } })")) + 1;
    expect(line, 'the call that rejects --bogus').toBeGreaterThan(0);

    const run = await runToExit(root, ['cli', 'migration:create', '--bogus']);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain("Unknown option '--bogus'");
    expect(run.output).toContain(`${join(root, 'composition/cli.ts')}:${line}:`);
    expect(run.output, 'no frame left in the bundle').not.toMatch(/dist\/[\w/.-]+\.js:\d+/);
  }, 60_000);
});
