// `npm run build`: compiles the entry points to dist/ (SPEC §1.2: production runs
// JavaScript, never a TypeScript loader). Plain JavaScript, so it runs before anything is built.
// esbuild bundles our own code only (every package stays an import of node_modules); `tsc`
// checks the types separately (`npm run typecheck`), esbuild does not.
//
//   node composition/build.mjs              build
//   node composition/build.mjs --if-stale   build only when dist/ is missing or stale
//
// start.mjs imports this file on every start: only node: modules at the top; esbuild (a
// devDependency) is loaded when a build is due.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePgliteTemplate, TEMPLATE_ENTRY } from './pglite-template-step.mjs';

/** The package root: this file is composition/build.mjs. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ENTRIES = ['main-api', 'main-worker', 'cli'];
const SOURCE_DIRS = ['domain', 'application', 'adapters', 'composition'];
const OTHER_INPUTS = ['package-lock.json', 'tsconfig.json'];
const STAMP = 'build.json';
/** Chunks of an earlier build are kept this long, so a process started from it still finds its lazy parts. */
const OLD_CHUNKS_KEPT_MS = 10 * 60_000;

/** Inside the package: the bundles import the packages of its node_modules/. */
export const DIST = join(ROOT, 'dist');

/**
 * What the build is made of, by path, size and mtime (stat only: this runs on every start).
 * Equality, not "newer than": a file added, removed, edited or restored with an older mtime
 * all change it.
 */
export function fingerprint() {
  const hash = createHash('sha256');
  let sources = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
    } catch {
      return; // a folder absent is an input too: its name is simply not hashed
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        sources += 1;
        add(path);
      } else if (entry.name.endsWith('.mjs')) add(path); // the build's own steps
    }
  };
  const add = (path) => {
    try {
      const stat = statSync(join(ROOT, path));
      hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {
      hash.update(`${path}\0absent\n`);
    }
  };
  for (const dir of SOURCE_DIRS) visit(dir);
  for (const path of OTHER_INPUTS) add(path);
  return { hash: hash.digest('hex'), sources };
}

/** Why `entry` cannot run from `outdir` as it is, or undefined when it can. */
export function staleness(entry, outdir = DIST) {
  if (!existsSync(join(outdir, `${entry}.js`))) return 'missing';
  const current = fingerprint();
  // An image or package that ships dist/ without the sources: dist/ is all there is.
  if (current.sources === 0) return undefined;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(outdir, STAMP), 'utf8'));
  } catch {
    return 'missing';
  }
  return stamp.inputs === current.hash ? undefined : 'stale';
}

/**
 * Builds every entry point into `outdir`. Files are written beside their place and renamed
 * into it, chunks (content-hashed names) before the entry files and the stamp last, so a
 * process starting or running meanwhile never reads a half-written or mismatched file.
 */
export async function build(outdir = DIST) {
  const started = performance.now();
  const inputs = fingerprint(); // before compiling: an edit during the build leaves dist/ stale
  const esbuild = await loadEsbuild();
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: Object.fromEntries([...ENTRIES, TEMPLATE_ENTRY].map((entry) => [entry, `composition/${entry}.ts`])),
      outdir,
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // The entry points load the app with import() after taking DATA_DIR, so a refused
      // process leaves early: splitting keeps those imports lazy.
      splitting: true,
      sourcemap: true,
      // Stack traces need the mappings, not a copy of the sources: smaller maps load faster.
      sourcesContent: false,
      // Error and driver classes are told apart by constructor name (logger.ts, MikroORM).
      keepNames: true,
      write: false,
      logLevel: 'warning',
    });
  } finally {
    await esbuild.stop();
  }
  const chunksDir = join(outdir, 'chunks');
  mkdirSync(chunksDir, { recursive: true });
  const order = (file) => (file.path.startsWith(chunksDir) ? 0 : file.path.endsWith('.map') ? 1 : 2);
  for (const file of [...result.outputFiles].sort((a, b) => order(a) - order(b))) writeInPlace(file.path, file.contents);
  pruneOldChunks(chunksDir, new Set(result.outputFiles.map((file) => file.path)));
  // Before the stamp: a build whose template failed stays stale and is retried.
  ensurePgliteTemplate(outdir);
  const stamp = { inputs: inputs.hash, sources: inputs.sources, esbuild: esbuild.version, builtAt: new Date().toISOString() };
  writeInPlace(join(outdir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  return { ms: Math.round(performance.now() - started), files: result.outputFiles.length };
}

/** Builds when `entry` is missing or stale, saying so on stderr; returns the file to import. */
export async function ensureBuilt(entry, outdir = DIST) {
  const why = staleness(entry, outdir);
  if (why) {
    const { ms } = await build(outdir);
    console.error(`built ${shown(outdir)}/ in ${ms} ms (it was ${why})`);
  }
  return join(outdir, `${entry}.js`);
}

/** `outdir` for a message: relative to the working directory when inside it. */
function shown(outdir) {
  const path = relative(process.cwd(), outdir);
  return path === '' ? '.' : path.startsWith('..') ? outdir : path;
}

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch (error) {
    throw new Error('cannot build dist/: esbuild is not installed (a devDependency: run `npm install`)', { cause: error });
  }
}

function writeInPlace(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function pruneOldChunks(chunksDir, current) {
  const now = Date.now();
  for (const name of readdirSync(chunksDir)) {
    const path = join(chunksDir, name);
    if (current.has(path)) continue;
    try {
      if (now - statSync(path).mtimeMs > OLD_CHUNKS_KEPT_MS) rmSync(path, { force: true });
    } catch {
      // Pruned by a build running beside this one.
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  const outdir = DIST;
  let why = ifStale ? undefined : 'asked';
  for (const entry of ENTRIES) why ??= staleness(entry, outdir);
  if (why) {
    const { ms, files } = await build(outdir);
    console.log(`built ${shown(outdir)}/ (${files} files) in ${ms} ms`);
  } else {
    console.log(`${shown(outdir)}/ is up to date`);
  }
}
