import { httpClient } from './http-client';
import type { TestApp } from './test-app';

/** CORS preflights the API answered so far, as /metrics counts them (a preflight matches no route). */
export async function preflightsAnswered(api: TestApp): Promise<number> {
  const metrics = String((await httpClient(api.baseUrl)('GET', '/metrics')).body);
  return Number(/^http_request_duration_seconds_count\{method="OPTIONS",route="unmatched",status="204"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
}
