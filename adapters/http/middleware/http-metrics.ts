import type { Middleware } from 'koa';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Request count and latency by route template (never by raw path, which would explode cardinality). */
export function httpMetrics(registry: Registry): Middleware {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return async (ctx, next) => {
    const stop = latency.startTimer();
    try {
      await next();
    } finally {
      const labels = { method: ctx.method, route: (ctx.state.routeTemplate as string | undefined) ?? 'unmatched', status: String(ctx.status) };
      requests.inc(labels);
      stop(labels);
    }
  };
}
