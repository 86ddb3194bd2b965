import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import type { RouteSpec } from './route';
import { ErrorSchema } from './schemas/common';

export const API_PREFIX = '/api/v1';

const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The OpenAPI 3.1 document of every route, from the same schemas that validate requests. */
export function openApiDocument(routes: readonly RouteSpec[], version: string): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const spec of routes) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
        : { description: response.description };
    }
    responses.default = { description: 'Error', content: { 'application/json': { schema: ErrorSchema } } };
    registry.registerPath({
      method: spec.method,
      path: API_PREFIX + toOpenApiPath(spec.path),
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'user' ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Conversion Graph API', version },
    servers: [{ url: '/' }],
  });
}
