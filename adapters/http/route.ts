// A route is declared once: its zod schemas validate the request and describe it in
// /openapi.json, so the two cannot drift apart.
import type { z } from 'zod';
import type { Actor } from '../../domain/identity/actor';
import type { AppError } from '../../domain/shared/errors';
import type { Result } from '../../domain/shared/result';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** `user`: a valid access token; `public`: anyone. */
export type RouteAuth = 'public' | 'user';

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
  readonly summary: string;
  readonly tag: string;
  readonly auth: Auth;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Larger body limit than the default 1 MiB (ingestion batches). */
  readonly bodyLimitBytes?: number;
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType; contentType?: string }>>;
  readonly handle: (
    input: RequestInput<Infer<P>, Infer<Q>, Infer<B>, Auth extends 'user' ? Actor : Actor | null>,
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
