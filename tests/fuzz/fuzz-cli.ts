// `npm run fuzz -- --requests N --store memory|pglite|postgres [--seed S] [--concurrency C]
// [--declared-errors auto|on|off] [--only I]`: a long fuzzing run against a fresh app.
// Exits 1 when any answer broke a rule; the report names the seed and each failing request.
import { parseArgs } from 'node:util';
import { startTestApp } from '../support/test-app';
import { storedEventsOf } from './fuzz-fixtures';
import { formatReport, runFuzz } from './fuzz-run';

const STORES = ['memory', 'pglite', 'postgres'] as const;
type Store = (typeof STORES)[number];

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    store: { type: 'string', default: 'memory' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    'declared-errors': { type: 'string', default: 'auto' },
    only: { type: 'string' },
  },
});

const store = values.store as Store;
if (!STORES.includes(store)) throw new Error(`--store must be one of ${STORES.join(', ')}`);
const requests = Number(values.requests);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const concurrency = Number(values.concurrency);
const DECLARED: Record<string, boolean | 'auto'> = { auto: 'auto', on: true, off: false };
const declared = DECLARED[values['declared-errors'] ?? 'auto'];
if (!Number.isInteger(requests) || requests < 1) throw new Error('--requests must be a positive integer');
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');
if (declared === undefined) throw new Error('--declared-errors must be auto, on or off');
const only = values.only === undefined ? undefined : Number(values.only);

console.log(`fuzz: ${requests} requests on ${store}, seed ${seed}, concurrency ${concurrency}`);
const app = await startTestApp({ store });
try {
  const report = await runFuzz({ baseUrl: app.baseUrl, requests, seed, concurrency, declaredErrorStatuses: declared, only, storedEvents: storedEventsOf(app) });
  const replay = `npm run fuzz -- --requests ${requests} --store ${store} --seed ${seed}${concurrency > 1 ? ` --concurrency ${concurrency}` : ''}`;
  console.log(formatReport(report, replay));
  process.exitCode = report.findings.length > 0 ? 1 : 0;
} finally {
  await app.close();
}
