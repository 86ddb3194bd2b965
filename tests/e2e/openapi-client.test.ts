// A frontend's view of /openapi.json: types generated with openapi-typescript, a flow written
// with openapi-fetch (tests/fixtures/frontend-flow.ts) type-checked against them and run on the
// app, every answer validated against the document. Drift fails the type check or the run.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

const FLOW = fileURLToPath(new URL('../fixtures/frontend-flow.ts', import.meta.url));
const require = createRequire(import.meta.url);

type Json = Record<string, any>;

/** What the test reads of the flow's FlowReport (the flow itself is not imported for its types; see loadFlow). */
interface FlowReport {
  readonly product: { readonly id: string };
  readonly searchHits: readonly string[];
  readonly orderTotal: unknown;
  readonly orderStatus: string;
  readonly recommendationStrategy: string;
  readonly missing: { readonly status: number; readonly code: string };
}

/** A JSON pointer into the document as a URI fragment ajv resolves (`/` and `~` escaped, `{id}` percent-encoded). */
const fragment = (...segments: string[]): string =>
  '#/' + segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/**
 * Type-checks copies of the flow beside the types generated from `doc`; the diagnostics, formatted.
 * Each check reuses the previous program, so the DOM and openapi-fetch declarations are parsed once.
 */
class FlowTypeCheck {
  private previous: ts.Program | undefined;

  constructor(private readonly dir: string) {}

  async diagnostics(doc: Json): Promise<string[]> {
    await writeFile(join(this.dir, 'frontend-api.ts'), astToString(await openapiTS(doc as OpenAPI3)));
    await copyFile(FLOW, join(this.dir, 'frontend-flow.ts'));
    this.previous = ts.createProgram({ rootNames: [join(this.dir, 'frontend-flow.ts')], options: COMPILER_OPTIONS, oldProgram: this.previous });
    return ts.getPreEmitDiagnostics(this.previous).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  // A browser app: the DOM's fetch, Request and Response, and no Node globals.
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
  // The temporary folder has no node_modules of its own.
  paths: { 'openapi-fetch': [join(dirname(require.resolve('openapi-fetch/package.json')), 'dist/index.d.mts')] },
};

/**
 * Refuses every answer the document does not describe: a status it does not list for the
 * operation, or a JSON body its schema refuses. The refusal surfaces as the flow's failure.
 */
function conformanceCheck(doc: Json): Middleware {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  return {
    async onResponse({ schemaPath, request, response }) {
      const method = request.method.toLowerCase();
      const declared = doc.paths[schemaPath]?.[method]?.responses?.[String(response.status)];
      if (!declared) throw new Error(`${request.method} ${schemaPath} answered ${response.status}, which the document does not list`);
      const resolved = declared.$ref ? doc.components.responses[declared.$ref.split('/').pop()] : declared;
      if (!resolved.content?.['application/json']) return;
      const at = declared.$ref ? (declared.$ref as string).slice(2).split('/') : ['paths', schemaPath, method, 'responses', String(response.status)];
      const pointer = 'openapi.json' + fragment(...at, 'content', 'application/json', 'schema');
      let validate = validators.get(pointer);
      if (!validate) validators.set(pointer, (validate = ajv.getSchema(pointer)!));
      if (!validate(await response.clone().json())) {
        throw new Error(`${request.method} ${schemaPath} ${response.status}: ${ajv.errorsText(validate.errors)}`);
      }
    },
  };
}

type Flow = (baseUrl: string, middleware: readonly Middleware[]) => Promise<FlowReport>;

/** Loaded at run time: the flow imports types that exist only once generated, so tsc does not follow it from here. */
const loadFlow = async (): Promise<Flow> => ((await import(/* @vite-ignore */ pathToFileURL(FLOW).href)) as { runFrontendFlow: Flow }).runFrontendFlow;

describe('a frontend generated from /openapi.json', () => {
  let app: TestApp;
  let doc: Json;
  let dir: string;
  let typeCheck: FlowTypeCheck;

  beforeAll(async () => {
    app = await startTestApp();
    doc = (await (await fetch(`${app.baseUrl}/openapi.json`)).json()) as Json;
    dir = await mkdtemp(join(tmpdir(), 'frontend-flow-'));
    typeCheck = new FlowTypeCheck(dir);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('type-checks the openapi-fetch flow against the types openapi-typescript generates', async () => {
    expect(await typeCheck.diagnostics(doc)).toEqual([]);
  }, 120_000);

  it('fails the type check when the document drifts from what the flow relies on', async () => {
    const drifted = structuredClone(doc);
    delete drifted.components.schemas.Money.properties.amountCents;
    drifted.components.schemas.Money.required = ['currency'];
    const diagnostics = await typeCheck.diagnostics(drifted);
    expect(diagnostics.join('\n')).toMatch(/amountCents/);
  }, 120_000);

  it('runs the flow on the app, every answer as the document describes it, down to a typed 404', async () => {
    const report = await (await loadFlow())(app.baseUrl, [conformanceCheck(doc)]);
    expect(report.product).toMatchObject({ sku: 'LAMP-TEAL', price: { amountCents: 4999, currency: 'EUR' }, status: 'active' });
    expect(report.searchHits).toContain(report.product.id);
    expect(report.orderTotal).toEqual({ amountCents: 9998, currency: 'EUR' });
    expect(report.orderStatus).toBe('placed');
    expect(report.recommendationStrategy).toBe('blended');
    expect(report.missing).toEqual({ status: 404, code: 'not_found' });
  });

  it('fails the run when an answer does not match the document', async () => {
    const drifted = structuredClone(doc);
    drifted.components.schemas.Product.required.push('colour');
    await expect((await loadFlow())(app.baseUrl, [conformanceCheck(drifted)])).rejects.toThrow(/colour/);
  });
});
