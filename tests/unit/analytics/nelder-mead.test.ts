import { describe, expect, it } from 'vitest';
import { minimizeInBox } from '../../../domain/analytics/nelder-mead';

const options = { steps: [0.5, 0.5], valueTolerance: 1e-12, pointTolerance: 1e-8, maxEvaluations: 2000 };

describe('minimizeInBox', () => {
  it("finds Rosenbrock's minimum (1, 1) from the classic start (−1.2, 1)", () => {
    const rosenbrock = ([x, y]: readonly number[]) => 100 * ((y as number) - (x as number) ** 2) ** 2 + (1 - (x as number)) ** 2;
    const found = minimizeInBox(rosenbrock, [-1.2, 1], { lower: [-2, -2], upper: [2, 2] }, options);
    expect(found.x[0]).toBeCloseTo(1, 4);
    expect(found.x[1]).toBeCloseTo(1, 4);
    expect(found.value).toBeLessThan(1e-8);
    expect(found.evaluations).toBeLessThanOrEqual(options.maxEvaluations);
  });

  it('stops on the edge of the box when the minimum lies outside it', () => {
    // Unconstrained minimum at (3, −1); inside [0, 2]², the nearest point (2, 0).
    const bowl = ([x, y]: readonly number[]) => ((x as number) - 3) ** 2 + ((y as number) + 1) ** 2;
    const found = minimizeInBox(bowl, [1, 1], { lower: [0, 0], upper: [2, 2] }, options);
    expect(found.x).toEqual([2, 0]);
    expect(found.value).toBe(2);
  });

  it('starts from a point on the upper edge, and never evaluates outside the box', () => {
    const seen: number[][] = [];
    const slope = (x: readonly number[]) => {
      seen.push([...x]);
      return (x[0] as number) + (x[1] as number);
    };
    const found = minimizeInBox(slope, [1, 1], { lower: [0, 0], upper: [1, 1] }, options);
    expect(found.x).toEqual([0, 0]);
    expect(seen.every(([x, y]) => (x as number) >= 0 && (x as number) <= 1 && (y as number) >= 0 && (y as number) <= 1)).toBe(true);
  });

  it('gives up after the iteration that reaches the allowed evaluations', () => {
    const found = minimizeInBox(([x]) => Math.cos(x as number), [0.1], { lower: [-10], upper: [10] }, { steps: [0.1], valueTolerance: 0, pointTolerance: 0, maxEvaluations: 25 });
    // One dimension: an iteration takes at most 3 evaluations.
    expect(found.evaluations).toBeGreaterThanOrEqual(25);
    expect(found.evaluations).toBeLessThanOrEqual(25 + 2);
  });
});
