// What a browser needs from a JSON API called from another origin (SPEC §2): CORS for the
// configured origins, helmet's security headers, and `Cache-Control: no-store` on every
// answer whose route does not choose its own caching.
import cors from '@koa/cors';
import helmet from 'helmet';
import type { Middleware } from 'koa';

export interface BrowserPolicyOptions {
  /** `*`, or the origins allowed to read answers, exactly as browsers send them in `Origin`. */
  readonly origins: '*' | readonly string[];
}

const ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Api-Key', 'X-Request-Id'];
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'Location'];
/** A preflight is cached per URL, so a long age saves little; 10 minutes keeps a revoked origin's cache short. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * A JSON answer is never a page: it may load nothing and be framed by no one. /docs sets the
 * policy its page needs (docs.ts).
 */
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] } };

/**
 * One layer for the three, since the hottest reads pay for every layer and every header.
 * Helmet's connect-style middlewares only set headers and call back synchronously, so they run
 * inline here rather than through koa-helmet's promise per request. A request without `Origin`
 * is not a cross-origin one (browsers send it on every CORS request and preflight), so it skips
 * the CORS work and only says that the answer varies on Origin. Placed inside
 * `requestContext`, so preflights carry X-Request-Id and errors escaping the routes keep these
 * headers.
 */
export function browserPolicy(options: BrowserPolicyOptions): Middleware {
  const securityHeaders = helmet({
    contentSecurityPolicy: API_CSP,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Over plain HTTP the header is ignored by browsers and would pin a host that is not yet on TLS.
    strictTransportSecurity: false,
    // Headers for pages, for no-cors loads (which carry no bearer token here, so they cannot
    // read anything private), or for retired browsers and plugins (IE, Flash): a JSON API's
    // answers would carry them on every read for nothing. Koa sends no X-Powered-By to remove.
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    xPoweredBy: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  const corsHeaders = cors({
    origin: originFor(options.origins),
    allowMethods: ALLOWED_METHODS,
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    // Credentials are bearer tokens and API keys sent as headers, never cookies.
    credentials: false,
  });
  return (ctx, next) => {
    securityHeaders(ctx.req, ctx.res, failOnError);
    // ctx.secure follows X-Forwarded-Proto when TRUST_PROXY is set.
    if (ctx.secure) hsts(ctx.req, ctx.res, failOnError);
    ctx.set('Cache-Control', 'no-store');
    if (ctx.headers.origin !== undefined) return corsHeaders(ctx, next);
    // A cache must not hand this answer, which has no Access-Control-Allow-Origin, to a page.
    ctx.set('Vary', 'Origin');
    return next();
  };
}

/** The Access-Control-Allow-Origin for a request: `*`, its own origin when listed, or none. */
function originFor(origins: '*' | readonly string[]): string | ((ctx: { get(name: string): string }) => string) {
  if (origins === '*') return '*';
  const allowed = new Set(origins);
  return (ctx) => {
    const origin = ctx.get('Origin');
    return allowed.has(origin) ? origin : '';
  };
}

/** Helmet reports only a CSP directive computed per request as an error; ours are constants. */
function failOnError(error?: unknown): void {
  if (error) throw error;
}
