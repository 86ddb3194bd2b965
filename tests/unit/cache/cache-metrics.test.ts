import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PrometheusCacheMetrics } from '../../../adapters/system/cache-metrics';

describe('PrometheusCacheMetrics', () => {
  it('reports every hit and miss counted so far on each scrape, never twice', async () => {
    const registry = new Registry();
    const metrics = new PrometheusCacheMetrics(registry, pino({ level: 'silent' }));
    expect(await registry.metrics()).toContain('cache_reads_total{result="hit"} 0');

    metrics.hit();
    metrics.hit();
    metrics.miss();
    const first = await registry.metrics();
    expect(first).toContain('cache_reads_total{result="hit"} 2');
    expect(first).toContain('cache_reads_total{result="miss"} 1');

    metrics.hit();
    const second = await registry.metrics();
    expect(second).toContain('cache_reads_total{result="hit"} 3');
    expect(second).toContain('cache_reads_total{result="miss"} 1');
  });
});
