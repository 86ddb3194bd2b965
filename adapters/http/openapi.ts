// The OpenAPI 3.1 document (SPEC §2), built from the zod schemas the routes validate with, so
// the two cannot drift apart. Made for code generators: an operationId on every operation,
// shared shapes as named components (`.meta({ id })` on the schema), required bodies, and
// each operation's error statuses derived from its kind plus those its RouteSpec declares.
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ApiTag, DeclaredErrorStatus, RouteSpec } from './route';
import { ErrorSchema } from './schemas/common';

export const API_PREFIX = '/api/v1';

export type ErrorStatus = 400 | 401 | 413 | 415 | 431 | 500 | DeclaredErrorStatus;

/** Each error status as a named response of the Error shape, with the codes it carries (SPEC §2). */
const ERROR_RESPONSES: Readonly<Record<ErrorStatus, { readonly name: string; readonly description: string; readonly retryAfter?: true }>> = {
  400: { name: 'ValidationFailed', description: '`validation_failed` (`details` name each refused field) or `malformed_json`' },
  401: {
    name: 'Unauthenticated',
    description:
      '`unauthenticated`, `invalid_credentials`, `token_expired` or `token_reused`: no usable credential ' +
      '(for SDK ingestion: a missing, unknown or revoked `X-Api-Key`). ' +
      'A public operation answers it only to an Authorization header it cannot accept.',
  },
  403: { name: 'Forbidden', description: '`forbidden`: the caller\'s role does not allow this' },
  404: { name: 'NotFound', description: '`not_found`: missing, or of another company (reported alike)' },
  409: { name: 'Conflict', description: '`conflict` (duplicate, currency or state), `invalid_transition` or `insufficient_stock`' },
  413: { name: 'PayloadTooLarge', description: '`payload_too_large`: the body is over its limit (1 MiB unless the operation says otherwise)' },
  415: { name: 'UnsupportedMediaType', description: '`unsupported_media_type`: a body in a media type or encoding the operation does not take' },
  422: { name: 'UnprocessableEntity', description: '`insufficient_history` and other well-formed requests the data cannot answer' },
  429: { name: 'RateLimited', description: '`rate_limited`: retry after the seconds in `Retry-After`', retryAfter: true },
  431: { name: 'RequestHeaderFieldsTooLarge', description: 'The request line or header block is too large' },
  500: { name: 'InternalError', description: '`internal`: a fault of ours; quote the `X-Request-Id` when reporting it' },
  503: { name: 'Unavailable', description: '`unavailable`: a dependency the operation needs is down; retry after `Retry-After`', retryAfter: true },
};

const TAGS: Readonly<Record<ApiTag, string>> = {
  Identity: 'Companies, sign-up, sessions (access and refresh tokens) and password reset',
  Users: 'The users of a company and their roles',
  'API keys': 'Keys for SDK ingestion; the secret is shown once',
  Catalog: 'Categories, products, prices, search, deals, new arrivals, trending products and CSV/JSON import',
  Orders: 'Orders, their status machine and invoices',
  Interests: 'Explicit and inferred interests, and the watchlist',
  'Vision boards': 'Boards of products built from a user\'s interests, as JSON and SVG',
  Recommendations: 'Recommendations, similar products and the knowledge-graph rebuild',
  Analytics: 'SDK event ingestion (by API key)',
  Notifications: 'The caller\'s inbox and channel preferences; live copies over the WebSocket `/ws` (see the description)',
  System: 'Health, readiness, metrics, this document, and operator endpoints (admin+)',
};

const DESCRIPTION = `Multi-tenant commerce-intelligence backend.

- **Auth**: \`Authorization: Bearer <access token>\` from \`POST /api/v1/companies\`, \`/auth/signup\` or \`/auth/login\`; renew it with \`/auth/refresh\`. The company comes from the token, never from the request.
- **Errors** always read \`{"error": {"code", "message", "details?"}}\`; \`code\` is stable. Each operation lists the statuses it can answer.
- **Lists** take \`limit\` (1..100, default 20) and \`cursor\`, and answer \`{"items", "nextCursor"}\`; pass \`nextCursor\` back as \`cursor\` until it is null.
- **Money** is \`{"amountCents", "currency"}\`: integer minor units and an ISO 4217 code, never a float.
- Ids are opaque strings; timestamps are ISO-8601 UTC. Unknown body fields are refused. Every answer carries \`X-Request-Id\`.
- **Live notifications (WebSocket \`/ws\`, same host and port)**: connect, then send \`{"type": "auth", "token": "<access token>", "since"?: "<notification id or ISO time>"}\` as the first message (\`since\` may also be \`?since=\` on the URL). The server answers \`{"type": "ready"}\`, then what the inbox holds after \`since\`, oldest first; then \`{"type": "notification", "notification": Notification}\` and \`{"type": "report.progress", "reportId", "status", "progress"}\` as they happen, for the caller only. \`{"type": "ping"}\` answers \`{"type": "pong"}\`. Close codes: 4401 bad or expired token (the socket closes when its token expires: reconnect with a fresh one and \`since\` = the last notification id), 4408 no auth within 10 s, 4429 too many sockets for the user, 1009 a message over 4 KiB. A client that does not read is disconnected.`;

const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const bodyIsParsed = (spec: Pick<RouteSpec, 'method'>): boolean => spec.method === 'post' || spec.method === 'put' || spec.method === 'patch';

/**
 * The error statuses an operation can answer: 400 for any (every string is checked at the edge),
 * 401 (a user route without a usable token; any route given a bad one), 404 under a path with
 * params, 413 and 415 where a body is parsed, 431 and 500 for any, plus what the RouteSpec declares.
 */
export function errorStatusesOf(spec: Pick<RouteSpec, 'method' | 'path' | 'errors'>): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([400, 401, 431, 500, ...(spec.errors ?? [])]);
  if (spec.path.includes(':')) statuses.add(404);
  if (bodyIsParsed(spec)) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

const REQUEST_ID = { $ref: '#/components/headers/RequestId' };
const RETRY_AFTER = { $ref: '#/components/headers/RetryAfter' };
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

const HealthOut = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const ReadinessOut = z
  .object({
    status: z.enum(['ready', 'degraded', 'not_ready']),
    adapters: z.array(
      z.object({
        name: z.string(),
        critical: z.boolean().meta({ description: 'False for adapters the API serves without (cache, graph)' }),
        reachable: z.boolean(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Readiness' });

export interface OpenApiOptions {
  /** Whether this server answers /metrics (not when it is served on METRICS_PORT). */
  readonly metrics?: boolean;
}

/** The OpenAPI 3.1 document of every route and of the system endpoints. */
export function openApiDocument(routes: readonly RouteSpec[], version: string, options: OpenApiOptions = {}): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The access token of a session (`tokens.accessToken`)',
  });
  if (routes.some((spec) => spec.auth === 'apiKey')) {
    registry.registerComponent('securitySchemes', 'sdkKey', {
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
      description: 'An SDK key of the company (`POST /api/v1/api-keys`, shown once); the events are that company\'s, whatever the body says',
    });
  }
  registry.registerComponent('headers', 'RequestId', {
    description: 'The request\'s id: the `X-Request-Id` sent when usable, else a new UUID; logs carry it',
    schema: { type: 'string' },
  });
  const used = new Set<ErrorStatus>();
  const errors = (statuses: readonly ErrorStatus[]) => {
    statuses.forEach((status) => used.add(status));
    return Object.fromEntries(statuses.map((status) => [status, ref(ERROR_RESPONSES[status].name)]));
  };
  for (const spec of routes) registry.registerPath(operationOf(spec, errors));
  registerSystemPaths(registry, errors, options.metrics ?? true);
  registerErrorResponses(registry, used);

  const tags = [...new Set<ApiTag>([...routes.map((spec) => spec.tag), 'System'])];
  const document = new OpenApiGeneratorV31([...registry.definitions, { type: 'schema', schema: ErrorSchema }]).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Conversion Graph API',
      version,
      description: DESCRIPTION,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    security: [{ bearerAuth: [] }],
    tags: tags.map((name) => ({ name, description: TAGS[name] })),
  });
  return anyOfNullableRefs(document) as object;
}

type ErrorsOf = (statuses: readonly ErrorStatus[]) => Record<string, { $ref: string }>;

function operationOf(spec: RouteSpec, errors: ErrorsOf): RouteConfig {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]),
    );
    responses[status] = {
      description: response.description,
      headers: { 'X-Request-Id': REQUEST_ID, ...headers },
      ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
    };
  }
  return {
    method: spec.method,
    path: API_PREFIX + toOpenApiPath(spec.path),
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.auth === 'public' ? { security: [] } : spec.auth === 'apiKey' ? { security: [{ sdkKey: [] }] } : {}),
    request: {
      ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      ...(spec.body ? { body: requestBodyOf(spec, spec.body) } : {}),
    },
    responses: { ...responses, ...errors(errorStatusesOf(spec)) },
  };
}

function requestBodyOf(spec: RouteSpec, body: z.ZodType): NonNullable<RouteConfig['request']>['body'] {
  const media = spec.bodyContent ?? { 'application/json': body };
  return {
    required: !body.safeParse(undefined).success,
    content: Object.fromEntries(Object.entries(media).map(([type, schema]) => [type, { schema }])),
  };
}

function registerErrorResponses(registry: OpenAPIRegistry, used: ReadonlySet<ErrorStatus>): void {
  if ([...used].some((status) => ERROR_RESPONSES[status].retryAfter)) {
    registry.registerComponent('headers', 'RetryAfter', { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } });
  }
  for (const status of [...used].sort((a, b) => a - b)) {
    const { name, description, retryAfter } = ERROR_RESPONSES[status];
    registry.registerComponent('responses', name, {
      description,
      headers: { 'X-Request-Id': REQUEST_ID, ...(retryAfter ? { 'Retry-After': RETRY_AFTER } : {}) },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
  }
}

/** /health, /ready, /metrics, /openapi.json and /docs (SPEC §3.13), served outside /api/v1; a malformed URL gets 400 there too. */
function registerSystemPaths(registry: OpenAPIRegistry, errors: ErrorsOf, metrics: boolean): void {
  const system = { tags: ['System'], security: [] };
  const ok = (description: string, type: string, schema: z.ZodType) => ({
    description,
    headers: { 'X-Request-Id': REQUEST_ID },
    content: { [type]: { schema } },
  });
  registry.registerPath({
    ...system, method: 'get', path: '/health', operationId: 'getHealth', summary: 'Liveness: the process answers',
    responses: { 200: ok('Alive', 'application/json', HealthOut), ...errors([400, 431, 500]) },
  });
  registry.registerPath({
    ...system, method: 'get', path: '/ready', operationId: 'getReadiness',
    summary: 'Readiness: every critical adapter answers',
    description: 'Non-critical adapters (cache, graph) that do not answer make the status `degraded` with 200, so a load balancer keeps the replica.',
    responses: {
      200: ok('Ready, or degraded', 'application/json', ReadinessOut),
      503: ok('A critical adapter does not answer', 'application/json', ReadinessOut),
      ...errors([400, 431, 500]),
    },
  });
  if (metrics) {
    registry.registerComponent('securitySchemes', 'metricsToken', {
      type: 'http',
      scheme: 'bearer',
      description: 'The `METRICS_TOKEN` of the deployment; without one configured, /metrics is open (development only)',
    });
    registry.registerPath({
      method: 'get', path: '/metrics', operationId: 'getMetrics', tags: ['System'], security: [{ metricsToken: [] }],
      summary: 'Prometheus metrics: request counts and latencies by route, process figures',
      description: 'Prometheus text exposition format. Asks for `Authorization: Bearer <METRICS_TOKEN>` when that is set; ' +
        'with `METRICS_PORT` set it is served on that port instead of this one.',
      responses: {
        200: ok('The metrics', 'text/plain', z.string().meta({ description: 'Prometheus text exposition format 0.0.4' })),
        ...errors([400, 401, 431, 500]),
      },
    });
  }
  registry.registerPath({
    ...system, method: 'get', path: '/openapi.json', operationId: 'getOpenApiDocument', summary: 'This document',
    responses: { 200: ok('The OpenAPI 3.1 document', 'application/json', z.record(z.string(), z.unknown())), ...errors([400, 431, 500]) },
  });
  registry.registerPath({
    ...system, method: 'get', path: '/docs', operationId: 'getApiDocs', summary: 'This document for people (Swagger UI)',
    responses: { 200: ok('An HTML page', 'text/html', z.string()), ...errors([400, 431, 500]) },
  });
}

/**
 * zod-to-openapi writes a nullable named schema as `allOf: [$ref, {type: [.., 'null']}]`, which
 * refuses null (null must still match the $ref), so validators and generators read such a field
 * as never null. `anyOf: [$ref, {type: 'null'}]` says what zod means (upstream PR #387).
 */
function anyOfNullableRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anyOfNullableRefs);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = anyOfNullableRefs(value);
  const allOf = out.allOf;
  if (Array.isArray(allOf) && allOf.length === 2 && isBareRef(allOf[0]) && isNullType(allOf[1])) {
    delete out.allOf;
    out.anyOf = [allOf[0], { type: 'null' }];
  }
  return out;
}

const isBareRef = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.keys(value).join() === '$ref';

function isNullType(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.keys(value).join() !== 'type') return false;
  const { type } = value as { type: unknown };
  return Array.isArray(type) && type.includes('null');
}
