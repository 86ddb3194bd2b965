// One fuzzed request for an operation and a role, as a fast-check arbitrary: a valid request
// derived from the operation's schemas, then (mostly) one mutation of it.
import fc from 'fast-check';
import { SHARED_POOLS, type CompanyFixtures, type PoolName, type Role, type World } from './fuzz-fixtures';
import {
  CONTENT_TYPES, EDGE_TEXTS, RAW_BODIES, RAW_ENCODED, UNKNOWN_KEYS, WRONG_TYPES, hostileString, hostileText, hostileValue, oversizedBody, percentEncode,
} from './hostile-values';
import type { MediaType, Operation, Parameter } from './openapi-model';
import { valueArbitrary, type SchemaContext } from './schema-values';

export type MutationKind =
  | 'valid' | 'edge-text' | 'body-field' | 'body-shape' | 'path' | 'query' | 'raw-body' | 'content-type' | 'other-company' | 'headers' | 'oversized'
  | 'api-key';

/** An API key sent, and whose it is: the home or the other company's, or nobody's (null). */
export interface SentKey {
  readonly value: string;
  readonly company: 'home' | 'other' | null;
}

/** A request before its token is known (a session-ending request gets a fresh one). */
export interface RequestPlan {
  readonly kind: MutationKind;
  /** Path parameter → percent-encoded segment. */
  readonly pathValues: Readonly<Record<string, string>>;
  /** Encoded `name=value` pairs. */
  readonly query: readonly string[];
  readonly body?: { readonly bytes: string | Buffer; readonly contentType: string | null } | undefined;
  /**
   * `role`: the role's own token (none when anonymous; none either on an operation secured by an
   * API key); a string: this Authorization header instead.
   */
  readonly authorization: 'role' | string;
  /**
   * On an operation secured by an API key: `role`, the home company's key (none when
   * anonymous); null, no key; else this key.
   */
  readonly apiKey: 'role' | SentKey | null;
  readonly headers: Readonly<Record<string, string>>;
  /** A path parameter holds an id of the other company. */
  readonly foreignPathId: boolean;
  /** What was changed, for the report. */
  readonly note: string;
}

type Value = unknown;
type Slot = readonly (string | number)[];

const WRITES_ITSELF = new Set(['PATCH', 'DELETE']);
const SEGMENT_POOLS: Readonly<Record<string, PoolName>> = {
  products: 'products', categories: 'categories', users: 'users', orders: 'orders', 'api-keys': 'apiKeys',
  'vision-boards': 'visionBoards', rebuilds: 'rebuilds', 'dead-letters': 'queues', watchlist: 'products',
};
const PARAM_POOLS: Readonly<Record<string, PoolName>> = {
  productId: 'products', categoryId: 'categories', userId: 'users', orderId: 'orders', queue: 'queues',
};

/** The pool a path parameter names: by its name (`productId`), else the segment before it (`/orders/{id}`). */
export function poolOf(path: string, param: string): PoolName | undefined {
  if (PARAM_POOLS[param]) return PARAM_POOLS[param];
  const segments = path.split('/');
  const at = segments.findIndex((segment) => segment.includes(`{${param}}`));
  return at > 0 ? SEGMENT_POOLS[segments[at - 1] ?? ''] : undefined;
}

/**
 * Ids for a path parameter. A PATCH or DELETE of the resource itself (`/users/{id}`) gets only
 * spare rows, so the fuzzer never deletes or demotes its own actors or the rows later requests read.
 */
function pathIds(op: Operation, param: string, company: CompanyFixtures): string[] {
  const pool = poolOf(op.path, param);
  if (!pool) return [];
  const ids = company.pools[pool];
  const targetsItself = WRITES_ITSELF.has(op.method) && op.path.endsWith(`{${param}}`);
  return targetsItself ? ids.victims : [...ids.stable, ...ids.victims];
}

const isObject = (value: Value): value is Record<string, Value> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every place in a JSON value: the root, each property and each element. */
function slotsOf(value: Value, at: Slot = []): Slot[] {
  const slots: Slot[] = [at];
  if (Array.isArray(value)) value.forEach((item, index) => slots.push(...slotsOf(item, [...at, index])));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) slots.push(...slotsOf(item, [...at, key]));
  return slots;
}

function setAt(value: Value, slot: Slot, replacement: Value): Value {
  if (slot.length === 0) return replacement;
  const [head, ...rest] = slot as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? setAt(item, rest, replacement) : item));
  if (isObject(value)) return { ...value, [head]: setAt(value[head], rest, replacement) };
  return value;
}

function removeAt(value: Value, slot: Slot): Value {
  if (slot.length === 0) return undefined;
  const [head, ...rest] = slot as [string | number, ...(string | number)[]];
  if (rest.length === 0) {
    if (Array.isArray(value)) return value.filter((_, index) => index !== head);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([key]) => key !== head));
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? removeAt(item, rest) : item));
  if (isObject(value)) return { ...value, [head]: removeAt(value[head], rest) };
  return value;
}

/** Replaces every field the other company has ids for with one of those ids. */
function withForeignIds(value: Value, foreign: Readonly<Record<string, unknown[]>>, pick: number): Value {
  if (Array.isArray(value)) return value.map((item) => withForeignIds(item, foreign, pick));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const ids = foreign[key];
      return [key, ids && ids.length > 0 && typeof item === 'string' ? ids[pick % ids.length] : withForeignIds(item, foreign, pick)];
    }),
  );
}

const valueAt = (value: Value, slot: Slot): Value => slot.reduce<Value>((v, key) => (v as Record<string | number, Value> | undefined)?.[key], value);

const slotName = (slot: Slot): string => (slot.length === 0 ? '<root>' : slot.join('.'));
const show = (value: Value): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…(${text.length} chars)` : text;
};

const JSON_TYPE = /^application\/(.+\+)?json/i;

/** The body bytes of a value for a media type. */
function encodeBody(media: MediaType, value: Value): { bytes: string | Buffer; contentType: string } | undefined {
  if (value === undefined) return undefined;
  if (JSON_TYPE.test(media.type)) return { bytes: JSON.stringify(value), contentType: media.type };
  if (media.type.startsWith('multipart/form-data')) {
    const boundary = 'fuzz-boundary-7f3a';
    const fields = isObject(value) ? Object.entries(value) : [['file', value] as const];
    const parts = fields.map(([name, field]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.txt"\r\nContent-Type: text/plain\r\n\r\n${typeof field === 'string' ? field : JSON.stringify(field)}\r\n`);
    return { bytes: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
  }
  return { bytes: typeof value === 'string' ? value : JSON.stringify(value), contentType: media.type };
}

/** A CSV-ish text of hostile cells, for text bodies. */
const hostileCsv: fc.Arbitrary<string> = fc
  .array(fc.array(hostileString, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 4 })
  .map((rows) => ['sku,name,price,currency,stock', ...rows.map((cells) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','))].join('\n'));

export interface PlanContext {
  readonly world: World;
  readonly schemas: Pick<SchemaContext, 'resolve'>;
}

/** A valid request, before it is encoded: mutations change one part of it. */
interface ValidParts {
  readonly pathValues: Record<string, string>;
  readonly query: [string, string][];
  readonly media: MediaType | undefined;
  readonly body: Value;
}

type PlanOf = (parts: ValidParts, kind: MutationKind, note: string, overrides?: Partial<RequestPlan>) => RequestPlan;

/** What every mutation of one operation needs. */
interface Target {
  readonly op: Operation;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  /** Where a mutated body goes when the operation declares none. */
  readonly jsonMedia: MediaType;
  readonly plan: PlanOf;
}

const hasBodyMedia = (op: Operation): boolean => (op.body?.media.length ?? 0) > 0;

function targetOf(op: Operation): Target {
  const plan: PlanOf = (parts, kind, note, overrides = {}) => ({
    kind,
    pathValues: parts.pathValues,
    query: parts.query.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`),
    body: parts.media ? encodeBody(parts.media, parts.body) : undefined,
    authorization: 'role',
    apiKey: 'role',
    headers: {},
    foreignPathId: false,
    note,
    ...overrides,
  });
  return {
    op,
    pathParams: op.parameters.filter((p) => p.in === 'path'),
    queryParams: op.parameters.filter((p) => p.in === 'query'),
    jsonMedia: op.body?.media.find((m) => JSON_TYPE.test(m.type)) ?? { type: 'application/json', schema: {} },
    plan,
  };
}

/** Requests as the schemas say, with the home company's ids where a parameter or field names one. */
function validPartsArbitrary(target: Target, context: PlanContext): fc.Arbitrary<ValidParts> {
  const { op } = target;
  const home = context.world.home;
  const schemas: SchemaContext = { resolve: context.schemas.resolve, known: (name) => home.known[name] };
  const pathValue = (param: Parameter): fc.Arbitrary<string> => {
    const ids = pathIds(op, param.name, home);
    const generated = valueArbitrary(param.schema, schemas, param.name).map((value) => percentEncode(String(value)));
    return ids.length > 0 ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ids.map(percentEncode)) }, { weight: 1, arbitrary: generated }) : generated;
  };
  const queryValue = (param: Parameter): fc.Arbitrary<[string, string][]> =>
    valueArbitrary(param.schema, schemas, param.name).map((value) => {
      if (value === null || value === undefined) return [];
      const values = Array.isArray(value) ? value : [value];
      return values.map((item) => [param.name, typeof item === 'string' ? item : JSON.stringify(item)] as [string, string]);
    });
  const withBody = (media: MediaType) => {
    const value = valueArbitrary(media.schema, schemas);
    const body = op.body?.required === false ? fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) }) : value;
    return fc.record({ media: fc.constant<MediaType | undefined>(media), body });
  };
  const bodies = hasBodyMedia(op) ? fc.oneof(...(op.body?.media ?? []).map(withBody)) : fc.constant({ media: undefined, body: undefined as Value });
  return fc
    .record({
      pathValues: fc.record(Object.fromEntries(target.pathParams.map((p) => [p.name, pathValue(p)]))) as fc.Arbitrary<Record<string, string>>,
      query: fc
        .tuple(...target.queryParams.map((p) => (p.required ? queryValue(p) : fc.oneof(fc.constant([] as [string, string][]), queryValue(p)))))
        .map((lists) => lists.flat()),
      bodies,
    })
    .map(({ pathValues, query, bodies: { media, body } }) => ({ pathValues, query, media, body }));
}

/** SPEC §2's text rule: a NUL or lone surrogate in any string (path, query or body) is a 400. */
function edgeTextMutation({ plan, pathParams, queryParams }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  const strings = slotsOf(parts.body).filter((slot) => typeof valueAt(parts.body, slot) === 'string');
  const targets: fc.Arbitrary<RequestPlan>[] = [];
  if (strings.length > 0) {
    targets.push(fc.tuple(fc.constantFrom(...strings), fc.constantFrom(...EDGE_TEXTS)).map(([slot, text]) =>
      plan({ ...parts, body: setAt(parts.body, slot, `${valueAt(parts.body, slot) as string}${text}`) }, 'edge-text', `body ${slotName(slot)} += ${show(text)}`)));
  }
  if (pathParams.length > 0) {
    targets.push(fc.tuple(fc.constantFrom(...pathParams.map((p) => p.name)), fc.constantFrom(...EDGE_TEXTS)).map(([name, text]) =>
      plan({ ...parts, pathValues: { ...parts.pathValues, [name]: `${parts.pathValues[name] ?? ''}${percentEncode(text)}` } }, 'edge-text', `path ${name} += ${show(text)}`)));
  }
  if (queryParams.length > 0) {
    targets.push(fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name)), fc.constantFrom(...EDGE_TEXTS)).map(([name, text]) =>
      plan({ ...parts, query: [...parts.query.filter(([key]) => key !== name), [name, text]] }, 'edge-text', `query ${name} = ${show(text)}`)));
  }
  return targets.length > 0 ? fc.oneof(...targets) : fc.constant(plan(parts, 'valid', 'as the schemas say (no text to spoil)'));
}

/** One place of the body (a field, an element, the whole) holds a hostile value. */
function bodyFieldMutation({ plan, jsonMedia }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  return fc.tuple(fc.constantFrom(...slotsOf(parts.body)), hostileValue).map(([slot, value]) =>
    plan({ ...parts, media: parts.media ?? jsonMedia, body: setAt(parts.body, slot, value) }, 'body-field', `body ${slotName(slot)} ← ${show(value)}`));
}

/** The body of another type, wrapped, missing a field, or with unknown keys. */
function bodyShapeMutation({ plan, jsonMedia }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  const objects = slotsOf(parts.body).filter((slot) => isObject(valueAt(parts.body, slot)));
  const fields = slotsOf(parts.body).filter((slot) => slot.length > 0);
  const withBody = (body: Value, note: string) => plan({ ...parts, media: parts.media ?? jsonMedia, body }, 'body-shape', note);
  const choices: fc.Arbitrary<RequestPlan>[] = [
    fc.constantFrom(...WRONG_TYPES, 'text', 42).map((body) => withBody(body, `body is ${show(body)}`)),
    fc.constant(withBody([parts.body], 'body wrapped in an array')),
    fc.constant(withBody(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`unknown${i}`, i])), '300 unknown keys')),
  ];
  if (fields.length > 0) choices.push(fc.constantFrom(...fields).map((slot) => withBody(removeAt(parts.body, slot), `body without ${slotName(slot)}`)));
  if (objects.length > 0) {
    choices.push(
      fc.tuple(fc.constantFrom(...objects), fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), hostileString), hostileValue).map(([slot, key, value]) =>
        withBody(setAt(parts.body, [...slot, key], value), `body ${slotName([...slot, key])} (unknown) ← ${show(value)}`)),
    );
  }
  return fc.oneof(...choices);
}

/**
 * A path parameter holds hostile text, percent-encoded or as raw (malformed) escapes. Never empty:
 * `/users/` is the collection, another operation, whose answer this one's schema cannot judge.
 */
function pathMutation({ plan, pathParams }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  const value = fc.oneof(
    { weight: 3, arbitrary: hostileText.filter((text) => text !== '').map((text) => ({ raw: percentEncode(text), shown: show(text) })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_ENCODED).map((raw) => ({ raw, shown: raw })) },
  );
  return fc.tuple(fc.constantFrom(...pathParams.map((p) => p.name)), value).map(([name, { raw, shown }]) =>
    plan({ ...parts, pathValues: { ...parts.pathValues, [name]: raw } }, 'path', `path ${name} ← ${shown}`));
}

/** A declared or unknown query parameter holds hostile text, maybe twice. */
function queryMutation({ plan, queryParams }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  const names = [...queryParams.map((p) => p.name), 'limit', 'cursor', 'unknownParam', '__proto__', 'q[]'];
  const raw = fc.oneof({ weight: 3, arbitrary: hostileText.map(percentEncode) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_ENCODED) });
  return fc.tuple(fc.constantFrom(...names), raw, fc.boolean()).map(([name, value, twice]) => {
    const base = plan(parts, 'query', `query ${name}${twice ? ' (twice)' : ''} ← ${value.length > 80 ? `${value.slice(0, 80)}…` : value}`);
    const key = percentEncode(name);
    return { ...base, query: [...base.query.filter((pair) => !pair.startsWith(`${key}=`)), `${key}=${value}`, ...(twice ? [`${key}=1`] : [])] };
  });
}

/** Malformed or unexpected JSON text, invalid UTF-8 and NUL bytes as the body. */
function rawBodyMutation({ plan }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  return fc.constantFrom(...RAW_BODIES).map((bytes) =>
    plan(parts, 'raw-body', `raw body ${show(Buffer.isBuffer(bytes) ? `<bytes ${bytes.toString('hex').slice(0, 40)}>` : bytes)}`, {
      body: { bytes, contentType: 'application/json' },
    }));
}

/** The body under another (or no) content type: the JSON itself, or CSV text. */
function contentTypeMutation({ plan }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> {
  return fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.oneof(fc.constant(undefined), hostileCsv)).map(([contentType, text]) => {
    const bytes = text ?? (parts.body === undefined ? '{}' : JSON.stringify(parts.body));
    return plan(parts, 'content-type', `content-type ${show(contentType)} with ${text ? 'CSV text' : 'the JSON body'}`, { body: { bytes, contentType } });
  });
}

type Mutation = readonly [weight: number, mutate: (target: Target, parts: ValidParts) => fc.Arbitrary<RequestPlan>];

const when = (condition: boolean, ...mutations: Mutation[]): Mutation[] => (condition ? mutations : []);

const oversizedMutation = ({ plan }: Target, parts: ValidParts): fc.Arbitrary<RequestPlan> =>
  fc.constant(plan(parts, 'oversized', 'a body over 1 MiB', { body: { bytes: oversizedBody(), contentType: 'application/json' } }));

/** Builds the arbitrary of requests for one operation and role: valid ones, and each kind of mutation. */
export function planArbitrary(op: Operation, role: Role, context: PlanContext): fc.Arbitrary<RequestPlan> {
  const target = targetOf(op);
  const sendsBody = !['GET', 'HEAD'].includes(op.method);
  const mutations: Mutation[] = [
    [100, ({ plan }, parts) => fc.constant(plan(parts, 'valid', 'as the schemas say'))],
    [40, edgeTextMutation],
    ...when(hasBodyMedia(op), [60, bodyFieldMutation], [40, bodyShapeMutation]),
    ...when(target.pathParams.length > 0, [40, pathMutation]),
    [40, queryMutation],
    ...when(sendsBody, [20, rawBodyMutation], [20, contentTypeMutation], [1, oversizedMutation]),
    [40, (t, parts) => foreignMutation(t, parts, context.world.other)],
    [20, (t, parts) => headerMutation(t, parts, role, context.world)],
    ...when(op.apiKeyHeader !== null, [30, (t, parts) => apiKeyMutation(t, parts, role, context.world)]),
  ];
  const valid = validPartsArbitrary(target, context);
  return fc.oneof(...mutations.map(([weight, mutate]) => ({ weight, arbitrary: valid.chain((parts) => mutate(target, parts)) })));
}

/** The same request with the other company's ids in the path, body and query. */
function foreignMutation({ op, plan }: Target, parts: ValidParts, other: CompanyFixtures): fc.Arbitrary<RequestPlan> {
  const foreignPath = Object.keys(parts.pathValues).filter((name) => {
    const pool = poolOf(op.path, name);
    return pool !== undefined && !SHARED_POOLS.has(pool) && pathIds(op, name, other).length > 0;
  });
  return fc.nat(1000).map((pick) => {
    const pathValues = { ...parts.pathValues };
    for (const name of foreignPath) {
      const ids = pathIds(op, name, other);
      pathValues[name] = percentEncode(ids[pick % ids.length] ?? '');
    }
    const query = parts.query.map(([name, value]) => {
      const ids = other.known[name];
      return [name, ids && ids.length > 0 ? String(ids[pick % ids.length]) : value] as [string, string];
    });
    const body = withForeignIds(parts.body, other.known, pick);
    return plan({ ...parts, pathValues, query, body }, 'other-company', `ids of the other company${foreignPath.length ? ` in path ${foreignPath.join(',')}` : ''}`, {
      foreignPathId: foreignPath.length > 0,
    });
  });
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT's claims with the role raised and no signature, or the original signature kept. */
function forgedTokens(token: string): string[] {
  const [, payload, signature] = token.split('.');
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  } catch {
    return [];
  }
  const raised = { ...claims, role: 'owner', exp: 4_102_444_800 };
  return [
    `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(raised)}.`,
    `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(raised)}.${signature ?? ''}`,
    `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`,
  ];
}

/** The request with a malformed, forged or foreign Authorization, or hostile other headers. */
function headerMutation({ plan }: Target, parts: ValidParts, role: Role, world: World): fc.Arbitrary<RequestPlan> {
  const own = role === 'anonymous' ? world.home.tokens.customer : world.home.tokens[role];
  const authorizations = [
    'Bearer', 'Bearer ', 'Bearer  x', 'Bearer a.b.c', 'Bearer a b', 'Basic dXNlcjpwYXNz', own, `bearer ${own}`, `Bearer ${own} extra`,
    `Bearer ${world.other.tokens.owner}`, `Bearer ${'a'.repeat(8000)}`, ...forgedTokens(own).map((t) => `Bearer ${t}`),
  ];
  const requestIds = ['', ' ', 'a'.repeat(10_000), "'; drop table users; --", '<script>', '../../x', 'id\twith\ttabs', 'é'];
  return fc.oneof(
    fc.constantFrom(...authorizations).map((authorization) => plan(parts, 'headers', `Authorization ${show(authorization)}`, { authorization })),
    fc.constantFrom(...requestIds).map((id) => plan(parts, 'headers', `X-Request-Id ${show(id)}`, { headers: { 'x-request-id': id } })),
    fc.constantFrom('text/html', 'application/xml', '*/*;q=0', 'ünïcode').map((accept) => plan(parts, 'headers', `Accept ${show(accept)}`, { headers: { accept } })),
    fc.constantFrom('', 'cg_fake', "' or 1=1 --").map((key) =>
      plan(parts, 'headers', `X-Api-Key ${show(key)}`, { headers: { 'x-api-key': key }, apiKey: { value: key, company: null } })),
  );
}

/**
 * On an operation secured by an API key: no key, the other company's key (its data, not the
 * home company's), keys close to a real one, or a session's bearer token instead of a key.
 */
function apiKeyMutation({ plan }: Target, parts: ValidParts, role: Role, world: World): fc.Arbitrary<RequestPlan> {
  const own = world.home.apiKeySecret;
  const session = role === 'anonymous' ? world.home.tokens.owner : world.home.tokens[role];
  // No leading or trailing blanks: HTTP trims them, so ` <key>` is the key itself.
  const nobodys = ['', 'cg_fake', "' or 1=1 --", own.slice(0, -1), `${own}x`, `${own.slice(0, -1)}${own.endsWith('A') ? 'B' : 'A'}`, 'k'.repeat(8000), session];
  return fc.oneof(
    fc.constant(plan(parts, 'api-key', 'no X-Api-Key', { apiKey: null })),
    // Weighted up: these are the requests that give the tenant tally something to count for the other company.
    { weight: 3, arbitrary: fc.constant(plan(parts, 'api-key', 'the other company\'s X-Api-Key', { apiKey: { value: world.other.apiKeySecret, company: 'other' } })) },
    fc.constantFrom(...nobodys).map((value) => plan(parts, 'api-key', `X-Api-Key ${show(value)}`, { apiKey: { value, company: null } })),
    fc.constant(plan(parts, 'api-key', 'a bearer token instead of X-Api-Key', { apiKey: null, authorization: `Bearer ${session}` })),
    fc.constant(plan(parts, 'api-key', 'the key and the other company\'s bearer token', { authorization: `Bearer ${world.other.tokens.owner}` })),
  );
}
