// A tiny API that breaks each rule the fuzzer checks, so a test can show the fuzzer notices:
// a 500 on a NUL byte in the path or the body, a 2xx off its schema, a 404 without the error
// shape or X-Request-Id, another company's product answered, and an ingestion that takes any
// key, files every event under the home company and counts refused events as accepted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CompanyFixtures, Pool, PoolName, World } from './fuzz-fixtures';

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'Broken', version: '1' },
  paths: {
    '/api/v1/products/{id}': {
      get: {
        operationId: 'getProduct',
        security: [{ bearerAuth: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }],
        responses: {
          200: { description: 'A product', content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } } },
          404: { $ref: '#/components/responses/NotFound' },
        },
      },
    },
    '/api/v1/products': {
      post: {
        operationId: 'createProduct',
        security: [{ bearerAuth: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProductInput' } } } },
        responses: {
          201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } } },
          400: { $ref: '#/components/responses/NotFound' },
        },
      },
    },
    '/api/v1/events/batch': {
      post: {
        operationId: 'ingestEvents',
        security: [{ sdkKey: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestBatch' } } } },
        responses: {
          202: { description: 'Counted', content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestOutcome' } } } },
          400: { $ref: '#/components/responses/NotFound' },
        },
      },
    },
  },
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' }, sdkKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
    schemas: {
      IngestBatch: {
        type: 'object', required: ['events'], additionalProperties: false,
        properties: { events: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'object', required: ['messageId'], properties: { messageId: { type: 'string' } } } } },
      },
      IngestOutcome: {
        type: 'object', required: ['accepted', 'duplicates', 'rejected'],
        properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, rejected: { type: 'array', items: { type: 'object' } } },
      },
      Product: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
      ProductInput: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 50 } }, additionalProperties: false },
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object' } } },
    },
    responses: { NotFound: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
  },
};

const HOME = 'home';
const HOME_PRODUCT = 'p-home';
const OTHER_PRODUCT = 'p-other';

function answer(res: http.ServerResponse, status: number, body: unknown, requestId = true): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (requestId) headers['x-request-id'] = 'broken';
  res.writeHead(status, headers).end(JSON.stringify(body));
}

/** Events the broken ingestion stored, by company id: all of them under the home company. */
type Stored = Map<string, number>;

function ingest(body: string, res: http.ServerResponse, stored: Stored): void {
  let events: unknown;
  try {
    events = (JSON.parse(body) as { events?: unknown }).events;
  } catch {
    // falls through to the 400 below
  }
  if (!Array.isArray(events)) return answer(res, 400, { error: { code: 'validation_failed', message: 'bad batch' } });
  const rejected = events.flatMap((event, index) => (typeof event === 'object' && event !== null ? [] : [{ index }]));
  stored.set(HOME, (stored.get(HOME) ?? 0) + events.length);
  return answer(res, 202, { accepted: events.length, duplicates: 0, rejected });
}

function route(req: http.IncomingMessage, body: string, res: http.ServerResponse, stored: Stored): void {
  const url = req.url ?? '/';
  if (url === '/openapi.json') return answer(res, 200, DOCUMENT);
  if (req.method === 'POST' && url.startsWith('/api/v1/events/batch')) return ingest(body, res, stored);
  if (/%00/i.test(url.split('?')[0] ?? '')) return void res.writeHead(500, { 'x-request-id': 'broken' }).end('TypeError: boom');
  const product = /^\/api\/v1\/products\/([^/?]+)/.exec(url);
  if (req.method === 'GET' && product) {
    const id = product[1] ?? '';
    // The name is a number, against the schema; the other company's product is served too.
    if (id === HOME_PRODUCT || id === OTHER_PRODUCT) return answer(res, 200, id === HOME_PRODUCT ? { id, name: 42 } : { id, name: 'theirs' });
    return answer(res, 404, { message: 'no such product' }, false);
  }
  if (req.method === 'POST' && url.startsWith('/api/v1/products')) {
    if (body.includes('\\u0000')) return answer(res, 500, { error: { code: 'internal', message: 'NUL' } });
    try {
      const parsed = JSON.parse(body);
      if (typeof parsed?.name === 'string') return answer(res, 201, { id: 'p-new', name: parsed.name });
    } catch {
      // falls through to the 400 below
    }
    return answer(res, 400, { error: { code: 'validation_failed', message: 'bad body' } });
  }
  return answer(res, 404, { error: { code: 'not_found', message: 'no route' } });
}

export interface BrokenApi {
  readonly baseUrl: string;
  /** The events its ingestion stored for the company. */
  storedEvents(companyId: string): Promise<number>;
  close(): Promise<void>;
}

export async function startBrokenApi(): Promise<BrokenApi> {
  const stored: Stored = new Map();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(req, Buffer.concat(chunks).toString('utf8'), res, stored));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    storedEvents: async (companyId) => stored.get(companyId) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function company(slug: string, product: string): CompanyFixtures {
  const none = (): Pool => ({ stable: [], victims: [] });
  const pools: Record<PoolName, Pool> = {
    products: { stable: [product], victims: [] }, categories: none(), users: none(), orders: none(),
    apiKeys: none(), visionBoards: none(), rebuilds: none(), queues: none(),
  };
  return {
    slug,
    companyId: slug,
    tokens: { owner: `${slug}-owner`, staff: `${slug}-staff`, customer: `${slug}-customer` },
    emails: { owner: `owner@${slug}.test`, staff: `staff@${slug}.test`, customer: `customer@${slug}.test` },
    userIds: { owner: 'u-owner', staff: 'u-staff', customer: 'u-customer' },
    pools,
    apiKeySecret: `${slug}-key`,
    known: {},
  };
}

/** Fixtures for the broken API, which has no users: tokens are never checked. */
export const brokenApiWorld = async (): Promise<World> => ({
  home: company(HOME, HOME_PRODUCT),
  other: company('other', OTHER_PRODUCT),
  freshToken: async () => null,
});
