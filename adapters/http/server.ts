// Builds the Koa application: cross-cutting middleware, every declared route under
// /api/v1, and the system endpoints of SPEC §3.13.
import Router from '@koa/router';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import { koaBody } from 'koa-body';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ApiKeyPrincipal } from '../../application/identity/authenticate-api-key';
import type { SessionActor } from '../../domain/identity/actor';
import type { AppError } from '../../domain/shared/errors';
import type { Result } from '../../domain/shared/result';
import { errorBody, statusOf } from './error-to-http';
import { browserPolicy } from './middleware/browser-policy';
import { requestContext } from './middleware/request-context';
import { wellFormedUrl } from './middleware/well-formed-url';
import { metricsEndpoint } from './metrics-endpoint';
import { API_PREFIX, openApiDocument } from './openapi';
import { isAppError, type HttpAnswer, type RouteSpec } from './route';
import { docsRoutes } from './docs';
import { presentedJson } from './schemas/common';
import { parseWith } from './validation';

export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the adapter answers; throws otherwise. */
  readonly check: () => Promise<void>;
  /**
   * False for adapters the API serves without (cache, graph): reported as down with status
   * `degraded`, but the API stays ready, so a load balancer keeps sending it traffic.
   */
  readonly critical?: boolean;
}

export interface HttpAppDeps {
  readonly routes: readonly RouteSpec[];
  /**
   * The actor of a bearer token as the store sees its session now (still signed in, current
   * role): at once when its session was checked recently, else a promise of it.
   */
  readonly authenticate: (bearerToken: string) => Result<SessionActor, AppError> | Promise<Result<SessionActor, AppError>>;
  /** The company of an SDK key (`X-Api-Key`) as the store sees it now, so a revoked key stops at once. */
  readonly authenticateApiKey: (secret: string) => Promise<Result<ApiKeyPrincipal, AppError>>;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly readiness: readonly ReadinessCheck[];
  readonly version: string;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
  /** Origins whose pages may call the API (CORS_ORIGINS). */
  readonly corsOrigins: '*' | readonly string[];
  /**
   * /metrics on this app: `open` (development), guarded by a bearer token, or `elsewhere`
   * (served on METRICS_PORT by its own server, so the public port does not have it).
   */
  readonly metricsAccess: 'open' | 'elsewhere' | { readonly token: string };
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy });
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(browserPolicy({ origins: deps.corsOrigins }));
  app.use(wellFormedUrl());
  app.use(routeTable(deps));
  app.use(async (ctx) => {
    ctx.status = 404;
    ctx.body = errorBody({ code: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` });
  });
  return app;
}

/**
 * One router per resource (the first segment below /api/v1), picked by a map lookup: a router
 * tests every route it holds against each request, and the API has dozens.
 */
function routeTable(deps: HttpAppDeps): Middleware {
  const system = new Router();
  systemRoutes(system, deps);
  docsRoutes(system, () => openApiDocument(deps.routes, deps.version, { metrics: deps.metricsAccess !== 'elsewhere' }));
  const byResource = new Map<string, Router>();
  for (const spec of deps.routes) {
    const resource = resourceOf(API_PREFIX + spec.path) ?? '';
    let router = byResource.get(resource);
    if (!router) byResource.set(resource, (router = new Router()));
    mount(router, spec, deps);
  }
  const dispatchers = new Map([...byResource].map(([resource, router]) => [resource, router.routes()]));
  const systemDispatch = system.routes();
  return (ctx, next) => {
    const resource = resourceOf(ctx.path);
    const dispatch = resource === null ? systemDispatch : dispatchers.get(resource);
    return dispatch ? dispatch(ctx as Parameters<typeof dispatch>[0], next) : next();
  };
}

/** `products` for `/api/v1/products/…`; null outside the API prefix. */
function resourceOf(path: string): string | null {
  if (!path.startsWith(API_PREFIX + '/')) return null;
  const start = API_PREFIX.length + 1;
  const end = path.indexOf('/', start);
  return end === -1 ? path.slice(start) : path.slice(start, end);
}

function mount(router: Router, spec: RouteSpec, deps: HttpAppDeps): void {
  const limit = spec.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const template = API_PREFIX + spec.path;
  const answerRoute = async (ctx: Context) => {
    ctx.state.routeTemplate = template;
    const pending = requestInput(ctx, spec, deps);
    const input = pending instanceof Promise ? await pending : pending;
    send(ctx, isRefusal(input) ? input : await spec.handle(input));
  };
  // A GET carries no body: its routes skip the parser and take one layer, which the hottest
  // reads would otherwise pay for on every request.
  if (spec.method === 'get') {
    router.get(template, answerRoute);
    return;
  }
  // Named before the parser, so a refused body is still counted under its route.
  const named = (ctx: Context, next: Next) => {
    ctx.state.routeTemplate = template;
    return next();
  };
  const parseBody = koaBody({ json: true, text: true, urlencoded: false, multipart: false, jsonLimit: limit, textLimit: limit });
  if (spec.auth === 'apiKey') router[spec.method](template, named, apiKeyCheck(deps), parseBody, answerRoute);
  else router[spec.method](template, named, parseBody, answerRoute);
}

const API_KEY_STATE = 'apiKeyPrincipal';

/** Refuses a missing, unknown or revoked SDK key before a byte of the (large) body is read. */
function apiKeyCheck(deps: HttpAppDeps): Middleware {
  return async (ctx, next) => {
    const secret = ctx.get('x-api-key');
    const checked = secret
      ? await deps.authenticateApiKey(secret)
      : { ok: false as const, error: { code: 'unauthenticated' as const, message: 'Send X-Api-Key: <SDK key>' } };
    if (!checked.ok) {
      send(ctx, checked.error);
      return;
    }
    ctx.state[API_KEY_STATE] = checked.value;
    await next();
  };
}

type RouteInput = Parameters<RouteSpec['handle']>[0];

const isRefusal = (input: RouteInput | AppError): input is AppError => 'code' in input;

const ABSENT = { ok: true as const, value: undefined };

/** A route's input; the client address is derived only when read, since it parses forwarding headers. */
class Input implements RouteInput {
  constructor(
    readonly params: unknown,
    readonly query: unknown,
    readonly body: unknown,
    readonly actor: SessionActor,
    readonly requestId: string,
    private readonly ctx: Context,
  ) {}

  get ip(): string {
    return this.ctx.ip;
  }
}

type Refusable = RouteInput | AppError;

/**
 * The authenticated, validated input of a route, or why the request is refused: at once, unless
 * the store must be asked about the token's session (then a promise of it).
 */
function requestInput(ctx: Context, spec: RouteSpec, deps: HttpAppDeps): Refusable | Promise<Refusable> {
  if (spec.auth === 'apiKey') return validInput(ctx, spec, ctx.state[API_KEY_STATE] as ApiKeyPrincipal);
  const header = ctx.get('authorization');
  if (spec.auth !== 'user' && !header) return validInput(ctx, spec, null);
  const bearer = /^Bearer (\S+)$/i.exec(header)?.[1];
  if (!bearer) return { code: 'unauthenticated', message: 'Send Authorization: Bearer <access token>' };
  const authenticated = deps.authenticate(bearer);
  return authenticated instanceof Promise
    ? authenticated.then((result) => actorInput(ctx, spec, result))
    : actorInput(ctx, spec, authenticated);
}

const actorInput = (ctx: Context, spec: RouteSpec, authenticated: Result<SessionActor, AppError>): Refusable =>
  authenticated.ok ? validInput(ctx, spec, authenticated.value) : authenticated.error;

function validInput(ctx: Context, spec: RouteSpec, actor: SessionActor | ApiKeyPrincipal | null): Refusable {
  const params = spec.params ? parseWith(spec.params, ctx.params, 'params') : ABSENT;
  if (!params.ok) return params.error;
  const query = spec.query ? parseWith(spec.query, { ...ctx.query }, 'query') : ABSENT;
  if (!query.ok) return query.error;
  // Body fields are named bare (`price.amountCents`, as SPEC §2 shows); query and path ones carry their prefix.
  const body = spec.body ? parseWith(spec.body, ctx.request.body, '', { scanText: !spec.bodyTextCheckedPerItem }) : ABSENT;
  if (!body.ok) return body.error;
  return new Input(params.value, query.value, body.value, actor as SessionActor, ctx.state.requestId as string, ctx);
}

function send(ctx: Context, outcome: HttpAnswer | AppError): void {
  if (isAppError(outcome)) {
    ctx.status = statusOf(outcome.code);
    if (outcome.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(Math.max(1, Math.ceil(outcome.retryAfterSeconds))));
    ctx.body = errorBody(outcome);
    return;
  }
  for (const [name, value] of Object.entries(outcome.headers ?? {})) ctx.set(name, value);
  ctx.status = outcome.status;
  if (outcome.contentType) ctx.type = outcome.contentType;
  if (outcome.body === undefined) return;
  const json = presentedJson(outcome.body);
  if (json === undefined) {
    ctx.body = outcome.body;
  } else {
    ctx.type = 'json';
    ctx.body = json;
  }
}

function systemRoutes(router: Router, deps: HttpAppDeps): void {
  router.get('/health', (ctx) => {
    ctx.state.routeTemplate = '/health';
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    ctx.state.routeTemplate = '/ready';
    const adapters = await Promise.all(
      deps.readiness.map(async ({ name, check, critical = true }) => {
        try {
          await check();
          return { name, critical, reachable: true };
        } catch (error) {
          return { name, critical, reachable: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = adapters.every((a) => a.reachable || !a.critical);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? (adapters.every((a) => a.reachable) ? 'ready' : 'degraded') : 'not_ready', adapters };
  });
  if (deps.metricsAccess === 'elsewhere') return;
  const scrape = metricsEndpoint(deps.metrics, deps.metricsAccess === 'open' ? undefined : deps.metricsAccess.token);
  router.get('/metrics', async (ctx) => {
    ctx.state.routeTemplate = '/metrics';
    const answer = await scrape(ctx.get('authorization'));
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
  });
}
