import { Histogram, type Registry } from 'prom-client';

export type RecordRequest = (method: string, route: string, status: number, seconds: number) => void;

/**
 * Request latency by route template (never by raw path, which would explode cardinality).
 * The histogram's `_count` series is the request counter.
 */
export function httpMetrics(registry: Registry): RecordRequest {
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency; its _count is the number of requests',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (method, route, status, seconds) => latency.observe({ method, route, status: String(status) }, seconds);
}
