// A route is declared once: its zod schemas validate the request and describe it in
// /openapi.json, so the two cannot drift apart.
import type { z } from 'zod';
import type { ApiKeyPrincipal } from '../../application/identity/authenticate-api-key';
import type { SessionActor } from '../../domain/identity/actor';
import type { AppError } from '../../domain/shared/errors';
import type { Result } from '../../domain/shared/result';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * `user`: a valid access token; `apiKey`: an SDK key in `X-Api-Key`, checked before the body is
 * read (ingestion); `public`: anyone.
 */
export type RouteAuth = 'public' | 'user' | 'apiKey';

/** Who calls a route of that kind: the session's actor, the SDK key's company, or anyone (null). */
export type CallerOf<Auth extends RouteAuth> = Auth extends 'user' ? SessionActor : Auth extends 'apiKey' ? ApiKeyPrincipal : SessionActor | null;

/** The groups of /openapi.json; openapi.ts describes each. */
export type ApiTag = 'Identity' | 'Users' | 'API keys' | 'Catalog' | 'Orders' | 'Interests' | 'Vision boards' | 'Recommendations' | 'Analytics' | 'Notifications' | 'System';

/**
 * Error statuses a route declares beyond those openapi.ts derives for every route of its kind
 * (400, 401, 404 under a path with params, 413 and 415 where a body is parsed, 431, 500): the
 * refusals its handler and use case can answer.
 */
export type DeclaredErrorStatus = 403 | 404 | 409 | 422 | 429 | 503;

export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly contentType?: string;
  /** Headers this answer sets, by name, with what they hold (e.g. `Location`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw text body with this content type instead of JSON. */
  readonly contentType?: string;
}

export interface RequestInput<P, Q, B, A> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly actor: A;
  readonly ip: string;
  readonly requestId: string;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Auth extends RouteAuth = RouteAuth,
> {
  readonly method: HttpMethod;
  /** Koa-style path below /api/v1, e.g. `/products/:id`. */
  readonly path: string;
  /** camelCase verb-noun, unique across the API (`createProduct`): generated clients name their calls by it. */
  readonly operationId: string;
  readonly summary: string;
  /** Longer documentation (markdown) where the summary is not enough. */
  readonly description?: string;
  readonly tag: ApiTag;
  readonly auth: Auth;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /**
   * The body as documented, by media type, where it is not `body` sent as JSON (CSV import
   * validates one union of both forms but documents each). A body is required unless `body` accepts none.
   */
  readonly bodyContent?: Readonly<Record<string, z.ZodType>>;
  /** Larger body limit than the default 1 MiB (ingestion batches). */
  readonly bodyLimitBytes?: number;
  /**
   * The handler checks the text of each item of the body on its own (ingestion refuses event by
   * event), so the edge's check for NUL bytes and lone surrogates skips the body; `body` must
   * then hold no string of its own but its keys (e.g. an array of unknowns).
   */
  readonly bodyTextCheckedPerItem?: boolean;
  /** The success answers by status. */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** Further error statuses its use case can answer (see DeclaredErrorStatus). */
  readonly errors?: readonly DeclaredErrorStatus[];
  readonly handle: (
    input: RequestInput<Infer<P>, Infer<Q>, Infer<B>, CallerOf<Auth>>,
  ) => Promise<HttpAnswer | AppError>;
}

/** Identity function that lets TypeScript infer the schema types of one route. */
export function route<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  Auth extends RouteAuth = RouteAuth,
>(spec: RouteSpec<P, Q, B, Auth>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** The answer for a use case result: `status` with the mapped body on success, the error otherwise. */
export function answer<T, E extends AppError>(
  result: Result<T, E>,
  status: number,
  toBody: (value: T) => unknown = (value) => value,
): HttpAnswer | E {
  return result.ok ? { status, body: status === 204 ? undefined : toBody(result.value) } : result.error;
}

export const isAppError = (value: HttpAnswer | AppError): value is AppError => 'code' in value && 'message' in value;
