// The build's last step: dist/pglite-template, the PGlite database an empty DATA_DIR starts
// from (a copy takes a fraction of a second; initdb and the migrations take seconds, most of a
// cold start). Made by running the freshly built dist/pglite-template.js, and only when the
// migrations or PGlite changed since the last one: a build for a code change reuses it.
// Plain JavaScript with node: imports only, like build.mjs, which calls it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MIGRATIONS = join(ROOT, 'adapters/postgres/migrations');
const PGLITE_PACKAGE = join(ROOT, 'node_modules/@electric-sql/pglite/package.json');
export const TEMPLATE_ENTRY = 'pglite-template';

/** What the template is made of: every migration's text and PGlite's version. */
function templateInputs() {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS).sort()) hash.update(`${name}\0${readFileSync(join(MIGRATIONS, name))}\0`);
  hash.update(existsSync(PGLITE_PACKAGE) ? JSON.parse(readFileSync(PGLITE_PACKAGE, 'utf8')).version : 'no pglite');
  return hash.digest('hex');
}

/** Makes `<outdir>/pglite-template` when missing or made from other migrations; returns its milliseconds, 0 when kept. */
export function ensurePgliteTemplate(outdir) {
  const dir = join(outdir, TEMPLATE_ENTRY);
  const stampFile = join(outdir, `${TEMPLATE_ENTRY}.json`);
  const inputs = templateInputs();
  try {
    if (JSON.parse(readFileSync(stampFile, 'utf8')).inputs === inputs && existsSync(join(dir, 'PG_VERSION'))) return 0;
  } catch {
    // no stamp yet: make it
  }
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--enable-source-maps', join(outdir, `${TEMPLATE_ENTRY}.js`), dir], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`making ${dir} failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  }
  const temporary = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ inputs, madeAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(temporary, stampFile);
  return Math.round(performance.now() - started);
}
