// Ranking quality (hit-rate@k, NDCG@k with one relevant item) and latency summaries.
// Pure functions: the bench feeds them ranked ids and measured milliseconds.

/** 1-based rank of `relevant` in `ranked`, or null when absent. */
export function rankOf(ranked: readonly string[], relevant: string): number | null {
  const index = ranked.indexOf(relevant);
  return index < 0 ? null : index + 1;
}

export const hitAt = (rank: number | null, k: number): number => (rank !== null && rank <= k ? 1 : 0);

/** With a single relevant item the ideal DCG is 1, so NDCG is its discounted gain. */
export const ndcgAt = (rank: number | null, k: number): number => (rank !== null && rank <= k ? 1 / Math.log2(rank + 1) : 0);

export const mean = (values: readonly number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** Half-width of a 95% normal confidence interval of the mean. */
export function ci95(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  const variance = values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
  return 1.96 * Math.sqrt(variance / values.length);
}

export interface LatencySummary {
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

export function summarize(milliseconds: readonly number[]): LatencySummary {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: mean(sorted),
  };
}
