import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dampedTrendVarianceFactor, fitDampedTrend, forecastDailyPrices, holdoutDays, type PriceForecast } from '../../../domain/analytics/forecast';
import type { DailyPrice } from '../../../domain/analytics/price-series';
import references from '../../fixtures/forecast/references.json';

// references.json: statsmodels' ETSModel (AAdN, estimated initial states) on fixed series, written
// by tests/fixtures/forecast/make-references.py.
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const daily = (values: readonly number[]): DailyPrice[] => values.map((amountCents, i) => ({ day: new Date(START + i * DAY), amountCents }));
const width = (p: PriceForecast['points'][number]) => p.upperCents - p.lowerCents;

/** The sum of squared one-step errors of ETS(A,Ad,N) from given parameters, written out independently of the fit. */
function sseOf(values: readonly number[], p: { alpha: number; beta: number; phi: number; initialLevel: number; initialTrend: number }): number {
  let [level, trend, sse] = [p.initialLevel, p.initialTrend, 0];
  for (const y of values) {
    const error = y - (level + p.phi * trend);
    sse += error ** 2;
    [level, trend] = [level + p.phi * trend + p.alpha * error, p.phi * trend + p.beta * error];
  }
  return sse;
}

const forecastMean = (fit: { level: number; trend: number; phi: number }, h: number) => {
  let phiSum = 0;
  for (let j = 1; j <= h; j += 1) phiSum += fit.phi ** j;
  return fit.level + phiSum * fit.trend;
};

describe('fitDampedTrend against statsmodels', () => {
  for (const series of references.series) {
    const reference = series.statsmodels;

    it(`${series.name}: a sum of squared errors no more than 1% above statsmodels', and truly that of its parameters`, () => {
      const fit = fitDampedTrend(series.values);
      expect(fit.sse).toBeLessThanOrEqual(reference.sse * 1.01);
      expect(fit.sse).toBeCloseTo(sseOf(series.values, fit), 3);
      expect(fit.alpha).toBeGreaterThan(0);
      expect(fit.alpha).toBeLessThan(1);
      expect(fit.beta).toBeGreaterThan(0);
      expect(fit.beta).toBeLessThan(fit.alpha);
      expect(fit.phi).toBeGreaterThanOrEqual(0.8);
      expect(fit.phi).toBeLessThanOrEqual(0.98);
    });

    it(`${series.name}: forecasts 30 days within 0.5% of statsmodels'`, () => {
      const fit = fitDampedTrend(series.values);
      reference.forecast.forEach((expected, i) => {
        expect(Math.abs(forecastMean(fit, i + 1) - expected) / expected).toBeLessThan(0.005);
      });
    });

    it(`${series.name}: the variance factor of statsmodels' closed form, from its parameters`, () => {
      const parameters = { alpha: reference.alpha, beta: reference.beta, phi: reference.phi };
      reference.varianceFactor.forEach((expected, i) => {
        expect(dampedTrendVarianceFactor(parameters, i + 1)).toBeCloseTo(expected, 9);
      });
    });
  }

  it('statsmodels itself stays inside the bounds the fit uses (the comparison is like for like)', () => {
    for (const { statsmodels } of references.series) {
      expect(statsmodels.beta).toBeLessThanOrEqual(statsmodels.alpha);
      expect(statsmodels.phi).toBeGreaterThanOrEqual(0.8);
      expect(statsmodels.phi).toBeLessThanOrEqual(0.98);
    }
  });
});

describe('forecastDailyPrices', () => {
  it('holds out the last quarter of the history, at most 14 days', () => {
    expect([2, 3, 4, 7, 8, 18, 56, 57, 730].map(holdoutDays)).toEqual([0, 0, 1, 1, 2, 4, 14, 14, 14]);
  });

  // `step` is left out: its squared errors are flat in phi at alpha ≈ 1, and the fit here (phi 0.98,
  // 0.2% below statsmodels' errors) and statsmodels' (phi 0.8) forecast the 14 held-out days
  // differently, so two close holdout errors can order either way.
  for (const series of references.series.filter((s) => s.name !== 'step')) {
    it(`${series.name}: chooses the model statsmodels' fits choose on the holdout (${series.holdout.chosen})`, () => {
      const forecast = forecastDailyPrices(daily(series.values), 30);
      expect(forecast.model).toBe(series.holdout.chosen);
      const expectedRmse = series.holdout.chosen === 'seasonal_naive' ? series.holdout.seasonalNaiveRmse : series.holdout.dampedTrendRmse;
      // Seasonal naive has nothing to fit: its holdout error is exact. The damped trend's is that of a fit within the tolerances above.
      expect(forecast.holdoutRmse).toBeCloseTo(expectedRmse as number, series.holdout.chosen === 'seasonal_naive' ? 9 : 0);
    });
  }

  it('names the damped trend with its parameters, forecasts from its last states, and gives the spread of its residuals', () => {
    const { values } = references.series.find((s) => s.name === 'trending')!;
    const forecast = forecastDailyPrices(daily(values), 30);
    const fit = fitDampedTrend(values);
    expect(forecast.model).toBe('damped_trend');
    expect(forecast.parameters).toEqual({ alpha: fit.alpha, beta: fit.beta, phi: fit.phi, level: fit.level, trend: fit.trend });
    // Five fitted: alpha, beta, phi and the initial level and trend.
    expect(forecast.residualSd).toBeCloseTo(Math.sqrt(fit.sse / (values.length - 5)), 9);
    expect(forecast.points.map((p) => p.amountCents)).toEqual(Array.from({ length: 30 }, (_, i) => Math.round(forecastMean(fit, i + 1))));
  });

  it('forecasts a weekly pattern by seasonal naive, with intervals widening each week (hand-computed)', () => {
    const week = [1000, 1000, 1000, 1000, 1000, 800, 800];
    const values = [...week, 1000, 1000, 1000, 1020, 1000, 800, 800, 1000, 1000];
    // Holdout 4 days: seasonal naive from the first 12 days forecasts them exactly (RMSE 0).
    // Residuals y[t] − y[t−7]: one 20, eight 0 → σ = √(400/9) = 6.667 (above the floor, 0.5% of 1000 = 5).
    const forecast = forecastDailyPrices(daily(values), 8);
    expect(forecast.model).toBe('seasonal_naive');
    expect(forecast.parameters).toEqual({ period: 7 });
    expect(forecast.holdoutRmse).toBe(0);
    expect(forecast.residualSd).toBeCloseTo(20 / 3, 12);
    // Half-widths 1.28155·6.667·√(k + 1 + 0.01·(h − 1)): h=1 8.544, h=2 8.586, h=7 8.797, h=8 12.292.
    expect(forecast.points.map((p) => [p.amountCents, p.lowerCents, p.upperCents])).toEqual([
      [1000, 991, 1009],
      [1020, 1011, 1029],
      [1000, 991, 1009],
      [800, 791, 809],
      [800, 791, 809],
      [1000, 991, 1009],
      [1000, 991, 1009],
      [1000, 987, 1013],
    ]);
    expect(forecast.points.map((p) => p.day.toISOString().slice(0, 10))).toEqual([
      '2025-01-22', '2025-01-23', '2025-01-24', '2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29',
    ]);
  });

  it('forecasts a flat price flat, its interval from the floor of the spread (0.5% of the price), widening', () => {
    const forecast = forecastDailyPrices(daily(new Array(730).fill(1999)), 90);
    // Both models fit exactly; the tie goes to the damped trend.
    expect(forecast.model).toBe('damped_trend');
    expect(forecast.residualSd).toBe(0);
    expect(forecast.holdoutRmse).toBe(0);
    expect(forecast.points.every((p) => p.amountCents === 1999)).toBe(true);
    // σ = 9.995, half-width 1.28155·9.995 = 12.81 at h = 1.
    expect(forecast.points[0]).toMatchObject({ lowerCents: 1986, upperCents: 2012 });
    expect(width(forecast.points[89]!)).toBeGreaterThan(width(forecast.points[0]!));
  });

  for (const series of references.series) {
    for (const horizon of [14, 30, 90]) {
      it(`${series.name}, ${horizon} days: integer cents, 0 ≤ lower ≤ price ≤ upper, the interval wider at the end than at the start`, () => {
        const { points } = forecastDailyPrices(daily(series.values), horizon);
        expect(points).toHaveLength(horizon);
        for (const p of points) {
          expect([p.amountCents, p.lowerCents, p.upperCents].every(Number.isInteger)).toBe(true);
          expect(0).toBeLessThanOrEqual(p.lowerCents);
          expect(p.lowerCents).toBeLessThanOrEqual(p.amountCents);
          expect(p.amountCents).toBeLessThanOrEqual(p.upperCents);
        }
        expect(width(points[horizon - 1]!)).toBeGreaterThan(width(points[0]!));
      });
    }
  }

  it('fits two days without a holdout, by the damped trend', () => {
    const forecast = forecastDailyPrices(daily([1000, 1010]), 3);
    expect(forecast.model).toBe('damped_trend');
    expect(forecast.holdoutRmse).toBeNull();
    // Two days, five parameters: fitted exactly.
    expect(forecast.residualSd).toBeCloseTo(0, 6);
    expect(forecast.points).toHaveLength(3);
  });

  it('uses the damped trend while the training days hold less than a week', () => {
    // 9 days: holdout 2, training 7 — a week, so seasonal naive competes; 8 days: training 6, it does not.
    const weekly = [1000, 1000, 1000, 1000, 1000, 500, 500, 1000, 1000];
    expect(forecastDailyPrices(daily(weekly), 7).model).toBe('seasonal_naive');
    expect(forecastDailyPrices(daily(weekly.slice(0, 8)), 7).model).toBe('damped_trend');
  });

  it('never forecasts below 0 for a price falling fast', () => {
    const { points } = forecastDailyPrices(daily([1000, 800, 600, 400, 300, 200, 120, 60, 20]), 90);
    expect(points.at(-1)!.amountCents).toBe(0);
    expect(points.every((p) => p.lowerCents >= 0 && p.amountCents >= 0 && p.upperCents >= p.amountCents)).toBe(true);
  });

  it('refuses fewer than 2 days, and horizons outside 1..90', () => {
    expect(() => forecastDailyPrices(daily([1000]), 1)).toThrow(RangeError);
    for (const horizon of [0, 91, 1.5]) expect(() => forecastDailyPrices(daily([1000, 1000]), horizon)).toThrow(RangeError);
  });

  it('holds its invariants for any history', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 90 }), (values, horizon) => {
        const forecast = forecastDailyPrices(daily(values), horizon);
        expect(forecast.points).toHaveLength(horizon);
        forecast.points.forEach((p, i) => {
          expect(p.day.getTime()).toBe(START + (values.length + i) * DAY);
          expect(Number.isInteger(p.lowerCents) && Number.isInteger(p.amountCents) && Number.isInteger(p.upperCents)).toBe(true);
          expect(0 <= p.lowerCents && p.lowerCents <= p.amountCents && p.amountCents <= p.upperCents).toBe(true);
        });
        expect(Number.isFinite(forecast.residualSd)).toBe(true);
        expect(Object.values(forecast.parameters).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
