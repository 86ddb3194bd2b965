// The operations of a served OpenAPI 3.1 document, with every `$ref` followed, in the shape the
// fuzzer needs: parameters, request body media types, declared responses and who may call.
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components?: Record<string, Record<string, unknown>>;
  readonly security?: readonly unknown[];
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface MediaType {
  readonly type: string;
  readonly schema: JsonSchema;
}

export interface RequestBodySpec {
  readonly required: boolean;
  readonly media: readonly MediaType[];
}

export interface ResponseMedia {
  readonly type: string;
  /** JSON pointer of the schema inside the document, so its `$ref`s resolve against it. */
  readonly schemaPointer: string | null;
}

export interface ResponseSpec {
  readonly status: string;
  readonly media: readonly ResponseMedia[];
}

export interface Operation {
  /** The operationId, or `METHOD /path` while the document has none. */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: RequestBodySpec | null;
  readonly responses: ReadonlyMap<string, ResponseSpec>;
  /** `security: []`, or no security at all on the operation and the document. */
  readonly isPublic: boolean;
  /**
   * The header of the API key the operation is secured by (`X-Api-Key`), when its security
   * names only `apiKey` schemes in a header; null for bearer-secured and public operations.
   */
  readonly apiKeyHeader: string | null;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local `$ref` (`#/components/...`) to its target and the target's pointer. */
export function resolveRef(doc: OpenApiDocument, ref: string): { value: unknown; pointer: string } {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let value: unknown = doc;
  for (const segment of ref.slice(2).split('/').map(unescapePointer)) {
    if (!isObject(value) && !Array.isArray(value)) throw new Error(`Dangling $ref ${ref}`);
    value = (value as Json)[segment];
  }
  if (value === undefined) throw new Error(`Dangling $ref ${ref}`);
  return { value, pointer: ref.slice(1) };
}

/** Follows `$ref` chains (components may point at components) to a concrete object. */
function deref(doc: OpenApiDocument, value: unknown, pointer: string): { value: Json; pointer: string } {
  let current = { value, pointer };
  for (let hops = 0; isObject(current.value) && typeof current.value.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${pointer}`);
    current = resolveRef(doc, current.value.$ref);
  }
  if (!isObject(current.value)) throw new Error(`Expected an object at ${current.pointer}`);
  return { value: current.value, pointer: current.pointer };
}

function parametersOf(doc: OpenApiDocument, pathItem: Json, operation: Json, pointer: string): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const collect = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const { value } = deref(doc, raw, `${at}/parameters/${index}`);
      const parameter: Parameter = {
        name: String(value.name),
        in: value.in as Parameter['in'],
        required: value.required === true || value.in === 'path',
        schema: (value.schema as JsonSchema | undefined) ?? {},
      };
      byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    });
  };
  // Operation-level parameters override path-level ones of the same name and place.
  collect(pathItem.parameters, pointer.slice(0, pointer.lastIndexOf('/')));
  collect(operation.parameters, pointer);
  return [...byKey.values()];
}

function bodyOf(doc: OpenApiDocument, operation: Json, pointer: string): RequestBodySpec | null {
  if (operation.requestBody === undefined) return null;
  const { value } = deref(doc, operation.requestBody, `${pointer}/requestBody`);
  const content = isObject(value.content) ? value.content : {};
  return {
    required: value.required === true,
    media: Object.entries(content).map(([type, media]) => ({
      type,
      schema: (isObject(media) ? (media.schema as JsonSchema | undefined) : undefined) ?? {},
    })),
  };
}

function responsesOf(doc: OpenApiDocument, operation: Json, pointer: string): Map<string, ResponseSpec> {
  const responses = new Map<string, ResponseSpec>();
  const declared = isObject(operation.responses) ? operation.responses : {};
  for (const [status, raw] of Object.entries(declared)) {
    const resolved = deref(doc, raw, `${pointer}/responses/${escapePointer(status)}`);
    const content = isObject(resolved.value.content) ? resolved.value.content : {};
    const media = Object.entries(content).map(([type, entry]) => ({
      type,
      schemaPointer:
        isObject(entry) && entry.schema !== undefined ? `${resolved.pointer}/content/${escapePointer(type)}/schema` : null,
    }));
    responses.set(status.toUpperCase(), { status: status.toUpperCase(), media });
  }
  return responses;
}

/** The header of the operation's `apiKey` scheme, when every scheme its security names is one in a header. */
function apiKeyHeaderOf(doc: OpenApiDocument, security: unknown): string | null {
  if (!Array.isArray(security) || security.length === 0) return null;
  const schemes = isObject(doc.components?.securitySchemes) ? doc.components.securitySchemes : {};
  const names = security.flatMap((requirement) => (isObject(requirement) ? Object.keys(requirement) : []));
  const headers = names.map((name) => {
    const scheme = schemes[name];
    return isObject(scheme) && scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string' ? scheme.name : null;
  });
  return headers.length > 0 && headers.every((header) => header !== null && header === headers[0]) ? (headers[0] ?? null) : null;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  const globalSecurity = Array.isArray(doc.security) && doc.security.length > 0;
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = `/paths/${escapePointer(path)}`;
    const pathItem = deref(doc, rawItem, itemPointer).value;
    for (const method of METHODS) {
      const raw = pathItem[method];
      if (!isObject(raw)) continue;
      const pointer = `${itemPointer}/${method}`;
      const security = raw.security ?? doc.security;
      const isPublic = Array.isArray(raw.security) ? raw.security.length === 0 : !globalSecurity;
      operations.push({
        name: typeof raw.operationId === 'string' && raw.operationId ? raw.operationId : `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: parametersOf(doc, pathItem, raw, pointer),
        body: bodyOf(doc, raw, pointer),
        responses: responsesOf(doc, raw, pointer),
        isPublic,
        apiKeyHeader: apiKeyHeaderOf(doc, security),
      });
    }
  }
  return operations;
}

/** Whether the document lists error statuses (4xx codes) on its operations, not only `default`. */
export function declaresErrorStatuses(operations: readonly Operation[]): boolean {
  return operations.some((op) => [...op.responses.keys()].some((status) => status.startsWith('4')));
}
