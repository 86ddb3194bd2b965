// A small, deterministic Nelder-Mead minimiser inside a box, for fitting the forecast model's few
// smoothing parameters (the domain takes no numerical package).

export interface Box {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export interface NelderMeadOptions {
  /** The first simplex's edge along each coordinate. */
  readonly steps: readonly number[];
  /** Stop when the simplex's values differ by at most this share of the best one… */
  readonly valueTolerance: number;
  /** …and its vertices by at most this along every coordinate. */
  readonly pointTolerance: number;
  /** No new iteration starts past this many evaluations of `f` (one iteration takes at most n + 2). */
  readonly maxEvaluations: number;
}

export interface Minimum {
  readonly x: readonly number[];
  readonly value: number;
  readonly evaluations: number;
}

interface Vertex {
  readonly x: number[];
  readonly value: number;
}

// The usual coefficients (Lagarias et al., 1998).
const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/**
 * The minimum of `f` found from `start`, every trial point projected into `box` (clamped), so a
 * minimum on an edge of the box is reached rather than approached. The search restarts once from
 * its result with a fresh simplex, which frees a simplex that collapsed early.
 */
export function minimizeInBox(f: (x: readonly number[]) => number, start: readonly number[], box: Box, options: NelderMeadOptions): Minimum {
  let evaluations = 0;
  const evaluate = (x: number[]): Vertex => {
    evaluations += 1;
    return { x, value: f(x) };
  };
  const clamp = (x: readonly number[]): number[] => x.map((v, i) => Math.min(box.upper[i] as number, Math.max(box.lower[i] as number, v)));

  let best = evaluate(clamp(start));
  for (let round = 0; round < 2 && evaluations < options.maxEvaluations; round += 1) {
    best = search(best, evaluate, clamp, options, () => evaluations);
  }
  return { x: best.x, value: best.value, evaluations };
}

function search(
  start: Vertex,
  evaluate: (x: number[]) => Vertex,
  clamp: (x: readonly number[]) => number[],
  options: NelderMeadOptions,
  spent: () => number,
): Vertex {
  const n = start.x.length;
  const simplex: Vertex[] = [start];
  for (let i = 0; i < n; i += 1) {
    const x = [...start.x];
    const step = options.steps[i] as number;
    // Step inward when the start sits on the upper edge, so the vertex differs from the start.
    const moved = clamp(x.map((v, j) => (j === i ? v + step : v)));
    x[i] = moved[i] === x[i] ? (x[i] as number) - step : (moved[i] as number);
    simplex.push(evaluate(clamp(x)));
  }

  const along = (from: readonly number[], to: readonly number[], t: number): number[] => clamp(from.map((v, i) => v + t * ((to[i] as number) - v)));
  while (spent() < options.maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const low = simplex[0] as Vertex;
    const high = simplex[n] as Vertex;
    const secondHigh = simplex[n - 1] as Vertex;
    if (converged(simplex, options)) break;

    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k += 1) for (let i = 0; i < n; i += 1) centroid[i] = (centroid[i] as number) + ((simplex[k] as Vertex).x[i] as number) / n;

    const reflected = evaluate(along(centroid, high.x, -REFLECT));
    if (reflected.value < low.value) {
      const expanded = evaluate(along(centroid, high.x, -EXPAND));
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondHigh.value) {
      simplex[n] = reflected;
    } else {
      // Contract towards the better of the worst vertex and its reflection.
      const outside = reflected.value < high.value;
      const contracted = evaluate(along(centroid, high.x, outside ? -CONTRACT : CONTRACT));
      if (contracted.value < (outside ? reflected.value : high.value)) {
        simplex[n] = contracted;
      } else {
        for (let k = 1; k <= n; k += 1) simplex[k] = evaluate(along(low.x, (simplex[k] as Vertex).x, SHRINK));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0] as Vertex;
}

function converged(sorted: readonly Vertex[], { valueTolerance, pointTolerance }: NelderMeadOptions): boolean {
  const low = sorted[0] as Vertex;
  const spread = (sorted.at(-1) as Vertex).value - low.value;
  // The absolute term stops a search whose best value is 0 (an exact fit).
  const valueSettled = spread <= valueTolerance * Math.abs(low.value) + Number.MIN_VALUE;
  const extent = Math.max(...sorted.map((v) => Math.max(...v.x.map((c, i) => Math.abs(c - (low.x[i] as number))))));
  return valueSettled && extent <= pointTolerance;
}
