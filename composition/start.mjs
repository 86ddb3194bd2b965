// `npm start`, `npm run worker`, `npm run cli -- …`: runs an entry point's compiled JavaScript,
// building dist/ first when it is missing or stale (so a fresh clone needs only `npm install`).
//
//   node composition/start.mjs <main-api|main-worker|cli> [args…]
//
// The built entry is imported into this very process, not spawned: signals, exit codes and
// the DATA_DIR lock belong to the process the caller started.
import { pathToFileURL } from 'node:url';
import { ENTRIES, ensureBuilt } from './build.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!ENTRIES.includes(entry)) {
  console.error(`usage: node composition/start.mjs <${ENTRIES.join('|')}> [args…]`);
  process.exit(2);
}

let file;
try {
  file = await ensureBuilt(entry);
} catch (error) {
  console.error(error);
  process.exit(1);
}
// The entry reads its own arguments from process.argv.slice(2), as if started as `node <file> …`.
process.argv = [process.argv[0], file, ...args];
// Before the import: only modules loaded afterwards get their stack traces mapped to the .ts.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(file).href);
