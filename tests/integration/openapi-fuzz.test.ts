// Acceptance 4 of issue 12: thousands of requests derived from the served /openapi.json, valid
// and mutated, as no one, a customer, a staff member and an owner, on the in-memory app and on
// PGlite. No answer may be a 5xx, a 4xx without the error shape, a status the operation does not
// declare, or a 2xx off its declared schema. The seed is fixed unless FUZZ_SEED is given; each
// run prints it, and a failure prints it with the first request of each failure class.
// Longer runs: `npm run fuzz -- --requests 100000 --store pglite --seed <seed>`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenApiWorld, startBrokenApi, type BrokenApi } from '../fuzz/broken-api';
import { storedEventsOf } from '../fuzz/fuzz-fixtures';
import { formatReport, runFuzz } from '../fuzz/fuzz-run';
import { startTestApp, type TestApp } from '../support/test-app';

const SEED = process.env.FUZZ_SEED === undefined ? 12_012 : Number(process.env.FUZZ_SEED);
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);

const RUNS = [
  { store: 'memory', requests: 4_000 },
  { store: 'pglite', requests: 3_000 },
] as const;

/** A guard against a hung server, not a time bound: a run takes about a minute. */
const HANG_GUARD_MS = 15 * 60_000;

describe('the OpenAPI fuzzer', () => {
  let api: BrokenApi;
  beforeAll(async () => {
    api = await startBrokenApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('reports each rule a broken API breaks, with the request that showed it', async () => {
    const report = await runFuzz({ baseUrl: api.baseUrl, requests: 1_000, seed: SEED, world: brokenApiWorld, storedEvents: (id) => api.storedEvents(id) });
    const found = (check: string, operation: string, status: number) =>
      report.findings.find((f) => f.check === check && f.operation === operation && f.status === status);

    expect(found('server-error', 'getProduct', 500)?.example.request).toMatch(/^GET \/api\/v1\/products\/[^ ]*%00/);
    expect(found('error-shape', 'getProduct', 500)).toBeDefined();
    expect(found('server-error', 'createProduct', 500)?.example.request).toContain('\\\\u0000');
    expect(found('response-schema', 'getProduct', 200)?.detail).toContain('/name must be string');
    expect(found('foreign-id', 'getProduct', 200)?.example.kind).toBe('other-company');
    expect(found('error-shape', 'getProduct', 404)).toBeDefined();
    expect(found('request-id', 'getProduct', 404)).toBeDefined();
    expect(found('api-key', 'ingestEvents', 202)?.example.request).not.toContain('x-api-key="home-key"');
    expect(found('batch-counts', 'ingestEvents', 202)?.detail).toMatch(/≠ \d+ events sent/);
    expect(found('tenant', 'stored events (home)', 0)?.detail).toMatch(/^the home company's store holds \d+ events; answers to its key accepted \d+$/);
    expect(formatReport(report, 'replay')).toContain(`seed ${SEED}`);
  });
});

for (const { store, requests } of RUNS) {
  describe(`the API under fuzzing [${store}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ store });
    });
    afterAll(async () => {
      await app?.close();
    });

    it(`answers ${requests} fuzzed requests by the rules of SPEC §2`, async () => {
      console.log(`openapi fuzz [${store}]: seed ${SEED} (set FUZZ_SEED to change it)`);
      const report = await runFuzz({ baseUrl: app.baseUrl, requests, seed: SEED, declaredErrorStatuses: true, storedEvents: storedEventsOf(app) });
      const summary = formatReport(report, `FUZZ_SEED=${SEED} npx vitest run tests/integration/openapi-fuzz.test.ts, or npm run fuzz -- --requests ${requests} --store ${store} --seed ${SEED}`);
      console.log(summary);
      expect(report.sent).toBe(requests);
      expect(report.lostSessions, summary).toBe(0);
      expect(report.findings.map((f) => `[${f.check}] ${f.operation} → ${f.status}`), summary).toEqual([]);
    }, HANG_GUARD_MS);
  });
}
