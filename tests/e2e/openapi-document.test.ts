// /openapi.json as SPEC §2 wants it for code generators: Redocly's recommended rules with no
// error or warning, operationIds, named components, required bodies, declared error statuses,
// public operations marked, and the non-JSON bodies described.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../adapters/http/csv-products';
import { startTestApp, type TestApp } from '../support/test-app';

type Json = Record<string, any>;

interface Operation {
  readonly key: string;
  readonly path: string;
  readonly method: string;
  readonly op: Json;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const operationsOf = (doc: Json): Operation[] =>
  Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op: item[method] })),
  );

/** The verbs an operationId may start with; a new one is a naming decision worth a review. */
const VERBS = [
  'add', 'archive', 'autocomplete', 'confirm', 'create', 'delete', 'get', 'import', 'ingest', 'invalidate', 'list', 'log', 'mark', 'place',
  'refresh', 'register', 'remove', 'replace', 'replay', 'request', 'revoke', 'set', 'sign', 'start', 'transition', 'update',
];

const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

interface LintProblem {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}

/** Runs `redocly lint` with the project's redocly.yaml on the document written to a temporary file. */
async function redoclyLint(doc: Json): Promise<{ totals: { errors: number; warnings: number }; problems: LintProblem[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const run = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', file, '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '1000'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((failed: { stdout?: string; stderr?: string }) => ({ stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }));
    if (!run.stdout.trim().startsWith('{')) throw new Error(`redocly lint printed no report: ${run.stderr}`);
    return JSON.parse(run.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('/openapi.json for code generators', () => {
  let app: TestApp;
  let doc: Json;
  let operations: Operation[];

  beforeAll(async () => {
    app = await startTestApp();
    doc = (await (await fetch(`${app.baseUrl}/openapi.json`)).json()) as Json;
    operations = operationsOf(doc);
  });
  afterAll(() => app.close());

  it('lints clean under Redocly\'s recommended rules: no error, no warning', async () => {
    const report = await redoclyLint(doc);
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems, problems.join('\n')).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it('reports what the lint finds, so the gate can fail', async () => {
    const broken = structuredClone(doc);
    delete broken.info.license;
    delete broken.paths['/api/v1/products'].get.operationId;
    const rules = (await redoclyLint(broken)).problems.map((p) => p.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['info-license', 'operation-operationId']));
  }, 120_000);

  it('gives every operation a unique camelCase verb-noun operationId', () => {
    const ids = operations.map(({ op }) => op.operationId as string);
    expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const odd = ids.filter((id) => !/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(id) || !VERBS.includes(id.split(/(?=[A-Z])/)[0] as string));
    expect(odd).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining([
      'createProduct', 'listProducts', 'getProduct', 'updateProduct', 'archiveProduct', 'setProductPrice', 'listPriceHistory',
      'importProducts', 'placeOrder', 'getRecommendations', 'getHealth', 'getReadiness', 'getMetrics',
    ]));
  });

  it('names the shared shapes as components, so generators make a Product and a Money type', () => {
    const schemas = Object.keys(doc.components.schemas);
    expect(schemas).toEqual(expect.arrayContaining([
      'Product', 'Money', 'Order', 'Error', 'Category', 'User', 'Tokens', 'ApiKey', 'PricePoint', 'Deal', 'Recommendation', 'VisionBoard',
      'ProductPage', 'OrderPage', 'UserPage', 'CategoryPage',
    ]));
    const product = doc.paths['/api/v1/products/{id}'].get.responses['200'].content['application/json'].schema;
    expect(product).toEqual({ $ref: '#/components/schemas/Product' });
    expect(doc.components.schemas.Product.properties.price).toEqual({ $ref: '#/components/schemas/Money' });
  });

  it('writes a nullable named shape as `anyOf` with null, which accepts null', () => {
    expect(doc.components.schemas.WatchlistItem.properties.targetPrice).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Money' }, { type: 'null' }],
    });
    expect(JSON.stringify(doc)).not.toMatch(/"allOf":\[\{"\$ref":"[^"]+"\},\{"type":\[/);
  });

  it('marks request bodies required, except the two that may be left out', () => {
    const optional = operations.filter(({ op }) => op.requestBody && op.requestBody.required !== true).map(({ op }) => op.operationId);
    expect(optional.sort()).toEqual(['createVisionBoard', 'logOut']);
    for (const { op } of operations.filter(({ op }) => op.requestBody)) expect(typeof op.requestBody.required).toBe('boolean');
  });

  it('secures operations with the bearer token by default and marks public ones `security: []`', () => {
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const open = operations.filter(({ op }) => Array.isArray(op.security) && op.security.length === 0).map(({ op }) => op.operationId);
    expect(open.sort()).toEqual([
      'confirmPasswordReset', 'getApiDocs', 'getHealth', 'getOpenApiDocument', 'getReadiness', 'logIn', 'refreshSession',
      'registerCompany', 'requestPasswordReset', 'signUp',
    ]);
    expect(doc.paths['/metrics'].get.security).toEqual([{ metricsToken: [] }]);
    expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('secures SDK ingestion with the API key in X-Api-Key, and nothing else with it', () => {
    expect(doc.components.securitySchemes.sdkKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    const byKey = operations.filter(({ op }) => JSON.stringify(op.security ?? doc.security).includes('sdkKey')).map(({ key }) => key);
    expect(byKey).toEqual(['POST /api/v1/events/batch']);
    const ingest = doc.paths['/api/v1/events/batch'].post;
    expect(ingest.operationId).toBe('ingestEvents');
    // Only the key: a session's bearer token does not open ingestion.
    expect(ingest.security).toEqual([{ sdkKey: [] }]);
  });

  it('documents ingestion: the IngestBatch body, 202 with IngestOutcome, and its refusals', () => {
    const ingest = doc.paths['/api/v1/events/batch'].post;
    expect(ingest.requestBody.required).toBe(true);
    expect(ingest.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IngestBatch' });
    expect(doc.components.schemas.IngestBatch.properties.events).toMatchObject({ maxItems: 1000, items: { $ref: '#/components/schemas/IngestEvent' } });
    expect(doc.components.schemas.IngestEvent.required).toEqual(expect.arrayContaining(['messageId', 'type', 'timestamp']));
    expect(ingest.responses['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IngestOutcome' });
    expect(doc.components.schemas.IngestOutcome.required).toEqual(expect.arrayContaining(['accepted', 'duplicates', 'rejected']));
    expect(Object.keys(ingest.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '413', '429']));
    expect(ingest.responses['429']).toEqual({ $ref: '#/components/responses/RateLimited' });
  });

  it('lists the error statuses of each operation with the Error shape, and no catch-all default', () => {
    for (const { key, path, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses, key).not.toContain('default');
      expect(statuses.some((s) => s.startsWith('4')), key).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400 && !(path === '/ready' && s === '503'))) {
        const name = op.responses[status].$ref?.split('/').pop();
        expect(doc.components.responses[name]?.content['application/json'].schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
      if (path.startsWith('/api/v1/')) {
        expect(statuses, key).toEqual(expect.arrayContaining(['400', '401', '500']));
        if (path.includes('{')) expect(statuses, key).toContain('404');
        if (['post', 'put', 'patch'].includes(method)) expect(statuses, key).toEqual(expect.arrayContaining(['413', '415']));
      }
    }
    const declared = (path: string, method: string) => Object.keys(doc.paths[path][method].responses);
    expect(declared('/api/v1/auth/login', 'post')).toContain('429');
    expect(declared('/api/v1/orders', 'post')).toEqual(expect.arrayContaining(['403', '404', '409']));
    expect(doc.components.responses.RateLimited.headers['Retry-After']).toBeDefined();
  });

  it('answers an operation\'s refusals with statuses it declares', async () => {
    const call = (method: string, path: string, body?: unknown, token?: string) =>
      fetch(app.baseUrl + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const declared = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).map(Number);
    const slug = `doc-${crypto.randomUUID().slice(0, 8)}`;
    const owner = { email: `o@${slug}.test`, password: 'correct horse battery', displayName: 'O' };
    const registered = (await (await call('POST', '/api/v1/companies', { name: 'Doc', slug, owner })).json()) as Json;
    const token = registered.tokens.accessToken as string;
    const answers = [
      ['/api/v1/companies', 'post', await call('POST', '/api/v1/companies', { name: 'Doc', slug, owner })],
      ['/api/v1/auth/signup', 'post', await call('POST', '/api/v1/auth/signup', { companySlug: `${slug}-none`, email: 'a@b.test', password: 'x'.repeat(10), displayName: 'A' })],
      ['/api/v1/products/{id}', 'get', await call('GET', '/api/v1/products/nope', undefined, token)],
      ['/api/v1/products', 'post', await call('POST', '/api/v1/products', { sku: 'A', name: 'A', price: { amountCents: 1, currency: 'EUR' }, stock: 1, categoryId: 'nope' }, token)],
      ['/api/v1/products', 'get', await call('GET', '/api/v1/products')],
      ['/api/v1/auth/login', 'post', await call('POST', '/api/v1/auth/login', { companySlug: slug, email: owner.email, password: owner.password }, 'not-a-token')],
      ['/api/v1/events/batch', 'post', await call('POST', '/api/v1/events/batch', { events: [] }, token)],
    ] as const;
    const seen = answers.map(([path, method, res]) => [path, method, res.status, declared(path, method).includes(res.status)]);
    expect(seen).toEqual([
      ['/api/v1/companies', 'post', 409, true],
      ['/api/v1/auth/signup', 'post', 404, true],
      ['/api/v1/products/{id}', 'get', 404, true],
      ['/api/v1/products', 'post', 404, true],
      ['/api/v1/products', 'get', 401, true],
      ['/api/v1/auth/login', 'post', 401, true],
      ['/api/v1/events/batch', 'post', 401, true],
    ]);
  });

  it('describes the bodies that are not JSON: CSV import, SVG, Prometheus text and the docs page', () => {
    const importOp = doc.paths['/api/v1/products/import'].post;
    expect(Object.keys(importOp.requestBody.content).sort()).toEqual(['application/json', 'text/csv']);
    expect(importOp.requestBody.content['application/json'].schema).toMatchObject({
      type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/NewProduct' },
    });
    for (const column of CSV_COLUMNS) expect(importOp.description).toContain(`\`${column}\``);
    expect(importOp.description).toMatch(/5 MiB/);
    expect(importOp.description).toMatch(/1000 rows/);
    expect(Object.keys(doc.paths['/api/v1/vision-boards/{id}.svg'].get.responses['200'].content)).toEqual(['image/svg+xml']);
    expect(Object.keys(doc.paths['/metrics'].get.responses['200'].content)).toEqual(['text/plain']);
    expect(Object.keys(doc.paths['/docs'].get.responses['200'].content)).toEqual(['text/html']);
    expect(doc.paths['/ready'].get.responses['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Readiness' });
    expect(doc.paths['/health'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Health' });
  });

  it('describes every tag it uses, and has a licence and a server', () => {
    const used = new Set(operations.flatMap(({ op }) => op.tags as string[]));
    const described = new Map((doc.tags as { name: string; description: string }[]).map((t) => [t.name, t.description]));
    for (const tag of used) expect(described.get(tag), tag).toMatch(/\w/);
    expect(doc.info.license).toBeDefined();
    expect(doc.info.description).toMatch(/nextCursor/);
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });
});
