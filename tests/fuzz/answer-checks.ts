// What every answer to a fuzzed request must satisfy (SPEC §2): no 5xx, X-Request-Id, the error
// shape on every 4xx, a declared status, a 2xx body valid against its declared schema (ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 writes it), another company's ids never answered, and an
// ingestion outcome that counts each event of the batch once.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { resolveRef, type OpenApiDocument, type Operation, type ResponseSpec } from './openapi-model';
import type { RawResponse } from './raw-http';

export type CheckName =
  | 'server-error' | 'request-id' | 'error-shape' | 'undeclared-status' | 'response-schema' | 'foreign-id' | 'stack-trace' | 'retry-after'
  | 'batch-counts' | 'api-key' | 'tenant' | 'connection';

export interface Violation {
  readonly check: CheckName;
  readonly detail: string;
}

export interface CheckOptions {
  /** Every 4xx must be listed on its operation (not only under `default`). */
  readonly declaredErrorStatuses: boolean;
}

const DOCUMENT_ID = 'openapi.json';
const STACK_FRAME = /\bat \S+ \(?[^()\s]*:\d+:\d+\)?/;

const mediaTypeOf = (header: string | undefined): string => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
const isJsonType = (type: string): boolean => /^application\/(.+\+)?json$/.test(type);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `body` is not `{"error": {"code", "message", "details"?}}`, or null when it is. */
export function errorShapeProblem(body: unknown): string | null {
  if (!isObject(body) || !isObject(body.error)) return 'no "error" object';
  const { code, message, details } = body.error;
  if (typeof code !== 'string' || code === '') return 'error.code is not a non-empty string';
  if (typeof message !== 'string') return 'error.message is not a string';
  if (details !== undefined && !(Array.isArray(details) && details.every(isObject))) return 'error.details is not an array of objects';
  return null;
}

/** The component an answer of an ingestion batch has: each event sent is counted once in it. */
const INGEST_OUTCOME = '#/components/schemas/IngestOutcome';

/**
 * Why `outcome` does not count each event of the batch `sent` exactly once (accepted,
 * duplicate or refused by its index), or null when it does.
 */
export function batchCountsProblem(sent: string | Buffer | undefined, answer: string): string | null {
  let events: unknown;
  let outcome: unknown;
  try {
    events = (JSON.parse(sent?.toString() ?? '') as { events?: unknown }).events;
    outcome = JSON.parse(answer);
  } catch {
    return 'a 2xx to a body, or with an answer, that is not JSON';
  }
  if (!Array.isArray(events)) return 'a 2xx to a body without an events array';
  if (!isObject(outcome) || !Array.isArray(outcome.rejected)) return 'no rejected array';
  const { accepted, duplicates } = outcome;
  const indexes = outcome.rejected.map((r: unknown) => (isObject(r) ? r.index : undefined));
  if (typeof accepted !== 'number' || typeof duplicates !== 'number') return 'accepted or duplicates is not a number';
  if (accepted + duplicates + indexes.length !== events.length) {
    return `${accepted} accepted + ${duplicates} duplicates + ${indexes.length} rejected ≠ ${events.length} events sent`;
  }
  const inBatch = indexes.every((i, at) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < events.length && (at === 0 || (i as number) > (indexes[at - 1] as number)));
  return inBatch ? null : `rejected indexes ${JSON.stringify(indexes)} are not distinct, ascending positions in the batch`;
}

export class AnswerChecker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction | string>();

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly options: CheckOptions,
  ) {
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, logger: false });
    addFormats(this.ajv);
    // The whole document is one schema resource, so `#/components/schemas/X` resolves inside it.
    this.ajv.addSchema(doc as object, DOCUMENT_ID);
  }

  /** `sentBody`: the request's body, for answers that account for it (an ingestion outcome). */
  check(op: Operation, response: RawResponse, sentForeignPathId: boolean, sentBody?: string | Buffer): Violation[] {
    const violations: Violation[] = [];
    const { status } = response;
    const declared = this.declaredResponse(op, status);
    const text = response.body.toString('utf8');
    if (!response.headers['x-request-id']) violations.push({ check: 'request-id', detail: 'no X-Request-Id header' });
    if (status >= 500 && !(status === 503 && op.responses.has('503'))) {
      violations.push({ check: 'server-error', detail: `${status}` });
    }
    if (status >= 400) {
      const problem = this.errorBodyProblem(response, text);
      if (problem) violations.push({ check: 'error-shape', detail: problem });
      if (STACK_FRAME.test(text)) violations.push({ check: 'stack-trace', detail: 'the body holds a stack frame' });
      if (status === 429 && !response.headers['retry-after']) violations.push({ check: 'retry-after', detail: 'a 429 without Retry-After' });
      if (status < 500 && this.options.declaredErrorStatuses && !declared) {
        violations.push({ check: 'undeclared-status', detail: `${status} is not among ${[...op.responses.keys()].join(', ')}` });
      }
      return violations;
    }
    if (!declared) {
      violations.push({ check: 'undeclared-status', detail: `${status} is not among ${[...op.responses.keys()].join(', ')}` });
      return violations;
    }
    const problem = this.bodyProblem(declared, response, text);
    if (problem) violations.push({ check: 'response-schema', detail: problem });
    else if (this.isIngestOutcome(declared)) {
      const counts = batchCountsProblem(sentBody, text);
      if (counts) violations.push({ check: 'batch-counts', detail: counts });
    }
    if (sentForeignPathId && status < 300) violations.push({ check: 'foreign-id', detail: `another company's id answered ${status}` });
    return violations;
  }

  /** The response entry covering `status`: exact or `4XX`-style; `default` covers errors only, and only while not strict. */
  private declaredResponse(op: Operation, status: number): ResponseSpec | undefined {
    const exact = op.responses.get(String(status)) ?? op.responses.get(`${String(status)[0]}XX`);
    if (exact) return exact;
    return status >= 400 && !this.options.declaredErrorStatuses ? op.responses.get('DEFAULT') : undefined;
  }

  private isIngestOutcome(declared: ResponseSpec): boolean {
    return declared.media.some((media) => {
      if (media.schemaPointer === null) return false;
      const schema = resolveRef(this.doc, `#${media.schemaPointer}`).value;
      return isObject(schema) && schema.$ref === INGEST_OUTCOME;
    });
  }

  private errorBodyProblem(response: RawResponse, text: string): string | null {
    const type = mediaTypeOf(response.headers['content-type']);
    if (!isJsonType(type)) return `content-type ${JSON.stringify(response.headers['content-type'] ?? null)}, not JSON`;
    try {
      return errorShapeProblem(JSON.parse(text));
    } catch {
      return 'the body is not JSON';
    }
  }

  private bodyProblem(declared: ResponseSpec, response: RawResponse, text: string): string | null {
    if (declared.media.length === 0) return response.body.length === 0 ? null : `a body where none is declared: ${text.slice(0, 80)}`;
    const type = mediaTypeOf(response.headers['content-type']);
    const media = declared.media.find((m) => mediaTypeOf(m.type) === type);
    if (!media) return `content-type ${JSON.stringify(type)}, declared ${declared.media.map((m) => m.type).join(', ')}`;
    if (!isJsonType(type) || media.schemaPointer === null) return null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return 'the body is not JSON';
    }
    const validate = this.validator(media.schemaPointer);
    if (typeof validate === 'string') return validate;
    if (validate(body)) return null;
    return (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
  }

  private validator(pointer: string): ValidateFunction | string {
    let validate = this.validators.get(pointer);
    if (validate === undefined) {
      const fragment = pointer.split('/').map((segment) => encodeURIComponent(segment)).join('/');
      try {
        validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
      } catch (error) {
        validate = `the declared schema at ${pointer} does not compile: ${String(error)}`;
      }
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}
