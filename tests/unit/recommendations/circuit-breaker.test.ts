// The breaker in front of a remote graph: a graph that hangs costs one timeout, then nothing
// while the circuit is open; a graph that answers again closes it.
import { describe, expect, it } from 'vitest';
import { GraphUnavailable, type RecommendationGraph } from '../../../application/ports/recommendation-graph';
import { InMemoryRecommendationGraph } from '../../../adapters/memory/in-memory-recommendation-graph';
import { CircuitBreakingRecommendationGraph } from '../../../adapters/resilience/circuit-breaking-recommendation-graph';

/** A graph whose reads never settle while `hanging` is set. */
function switchableGraph(): { graph: RecommendationGraph; calls: () => number; hang(on: boolean): void } {
  const inner = new InMemoryRecommendationGraph();
  let hanging = true;
  let calls = 0;
  const graph = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls += 1;
        return hanging ? new Promise(() => undefined) : (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { graph, calls: () => calls, hang: (on) => void (hanging = on) };
}

const query = { companyId: 'c', userId: 'u', limit: 5 };

describe('CircuitBreakingRecommendationGraph', () => {
  it('turns a read that does not answer in time into GraphUnavailable, then fails fast while open, and recovers', async () => {
    const remote = switchableGraph();
    const states: string[] = [];
    const guarded = new CircuitBreakingRecommendationGraph(remote.graph, { timeoutMs: 30, resetMs: 200, onStateChange: (s) => states.push(s) });
    try {
      for (let i = 0; i < 3; i++) await expect(guarded.popular(query)).rejects.toThrow(/did not answer in time/);
      expect(states).toEqual(['open']);
      const callsWhenOpened = remote.calls();
      await expect(guarded.coPurchases(query)).rejects.toBeInstanceOf(GraphUnavailable);
      await expect(guarded.ping()).rejects.toThrow(/circuit is open/);
      expect(remote.calls()).toBe(callsWhenOpened);

      remote.hang(false);
      await new Promise((resolve) => setTimeout(resolve, 250));
      await expect(guarded.popular(query)).resolves.toEqual([]);
      expect(states).toEqual(['open', 'half_open', 'closed']);
    } finally {
      await guarded.close();
    }
  });

  it('lets writes through unguarded: the consumers that make them retry on their own', async () => {
    const remote = switchableGraph();
    remote.hang(false);
    const guarded = new CircuitBreakingRecommendationGraph(remote.graph, { timeoutMs: 30, resetMs: 200 });
    await guarded.upsertProducts('c', [{ id: 'p', categoryId: null, available: true, traits: [] }]);
    expect((await guarded.popular(query)).map((c) => c.productId)).toEqual(['p']);
    await guarded.close();
  });
});
