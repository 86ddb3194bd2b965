// Builds the Koa application: cross-cutting middleware, every declared route under
// /api/v1, and the system endpoints of SPEC §3.13.
import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import { koaBody } from 'koa-body';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Actor } from '../../domain/identity/actor';
import type { AppError } from '../../domain/shared/errors';
import type { Result } from '../../domain/shared/result';
import { errorBody, statusOf } from './error-to-http';
import { errorHandler } from './middleware/error-handler';
import { httpMetrics } from './middleware/http-metrics';
import { requestContext } from './middleware/request-context';
import { API_PREFIX, openApiDocument } from './openapi';
import { isAppError, type HttpAnswer, type RouteSpec } from './route';
import { docsRoutes } from './docs';
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
  readonly authenticate: (bearerToken: string) => Result<Actor, AppError>;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly readiness: readonly ReadinessCheck[];
  readonly version: string;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy });
  app.use(requestContext(deps.logger));
  app.use(httpMetrics(deps.metrics));
  app.use(errorHandler());

  const router = new Router();
  systemRoutes(router, deps);
  docsRoutes(router, () => openApiDocument(deps.routes, deps.version));
  for (const spec of deps.routes) mount(router, spec, deps);
  app.use(router.routes());
  app.use(async (ctx) => {
    ctx.status = 404;
    ctx.body = errorBody({ code: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` });
  });
  return app;
}

function mount(router: Router, spec: RouteSpec, deps: HttpAppDeps): void {
  const limit = spec.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const template = API_PREFIX + spec.path;
  const answerRoute = async (ctx: Context) => {
    const outcome = await handle(ctx, spec, deps);
    send(ctx, outcome);
  };
  const named = async (ctx: Context, next: Next) => {
    ctx.state.routeTemplate = template;
    await next();
  };
  // A GET carries no body: its routes skip the parser, which the hottest reads would pay for nothing.
  if (spec.method === 'get') {
    router.get(template, named, answerRoute);
    return;
  }
  const parseBody = koaBody({ json: true, text: true, urlencoded: false, multipart: false, jsonLimit: limit, textLimit: limit });
  router[spec.method](template, named, parseBody, answerRoute);
}

async function handle(ctx: Context, spec: RouteSpec, deps: HttpAppDeps): Promise<HttpAnswer | AppError> {
  let actor: Actor | null = null;
  const header = ctx.get('authorization');
  if (spec.auth === 'user' || header) {
    const bearer = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (!bearer) return { code: 'unauthenticated', message: 'Send Authorization: Bearer <access token>' };
    const authenticated = deps.authenticate(bearer);
    if (!authenticated.ok) return authenticated.error;
    actor = authenticated.value;
  }
  const params = spec.params ? parseWith(spec.params, ctx.params, 'params') : { ok: true as const, value: undefined };
  if (!params.ok) return params.error;
  const query = spec.query ? parseWith(spec.query, { ...ctx.query }, 'query') : { ok: true as const, value: undefined };
  if (!query.ok) return query.error;
  // Body fields are named bare (`price.amountCents`, as SPEC §2 shows); query and path ones carry their prefix.
  const body = spec.body ? parseWith(spec.body, ctx.request.body, '') : { ok: true as const, value: undefined };
  if (!body.ok) return body.error;
  return spec.handle({
    params: params.value,
    query: query.value,
    body: body.value,
    actor: actor as Actor,
    ip: ctx.ip,
    requestId: ctx.state.requestId as string,
  });
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
  if (outcome.body !== undefined) ctx.body = outcome.body;
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
  router.get('/metrics', async (ctx) => {
    ctx.state.routeTemplate = '/metrics';
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.metrics();
  });
}
