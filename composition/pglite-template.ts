// `node dist/pglite-template.js <dir>`, run by the build (composition/pglite-template-step.mjs):
// writes the migrated, cleanly closed PGlite directory that an embedded first start copies
// instead of running initdb and every migration (SPEC §4, cold start). The entry points find
// it beside themselves (dist/pglite-template) and pass it on in the configuration.
import { resolve } from 'node:path';
import { createPgliteTemplate } from '../adapters/postgres/database';
import { exitOnCrash } from './entry-point';

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node dist/pglite-template.js <dir>');
  process.exit(2);
}
createPgliteTemplate(resolve(dir)).catch(exitOnCrash);
