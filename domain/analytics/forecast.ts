// The price forecast of SPEC §3.9: damped-trend exponential smoothing, ETS(A,Ad,N) (Hyndman &
// Athanasopoulos, FPP3 §8.2), against a weekly seasonal-naive benchmark, the better on a holdout
// winning, with 80% prediction intervals (FPP3 §5.5, §8.7).
import { minimizeInBox, type Box } from './nelder-mead';
import { addDays, type DailyPrice } from './price-series';

export const MIN_HISTORY_DAYS = 2;
export const MAX_HORIZON_DAYS = 90;
export const SEASON_DAYS = 7;
const MAX_HOLDOUT_DAYS = 14;
/** The standard normal's 90th percentile: ŷ ± z·σ holds 80%. */
const Z_80 = 1.2815515655446004;
/**
 * The one-step spread is taken as at least this share of the last price, and at least a cent:
 * a history the model fits exactly (a flat price, a clean weekly pattern) does not make the next
 * price certain.
 */
const SIGMA_FLOOR_SHARE = 0.005;
/**
 * Added to the variance per day ahead, in units of the one-step variance: a random walk with a
 * tenth of the one-step spread per day. A model that learnt a fixed level (alpha near 0), and the
 * seasonal-naive one within a week, would otherwise promise day 30 as surely as day 1; this is the
 * uncertainty of the fitted level and of price decisions the history cannot show.
 */
const DRIFT_VARIANCE_PER_DAY = 0.01;

export type ForecastModelName = 'damped_trend' | 'seasonal_naive';

export interface ForecastPoint {
  readonly day: Date;
  readonly amountCents: number;
  readonly lowerCents: number;
  readonly upperCents: number;
}

export interface PriceForecast {
  readonly model: ForecastModelName;
  /** damped_trend: alpha, beta (error-correction form, beta = alpha·beta*), phi, and the last level and trend (cents); seasonal_naive: period. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Cents: the spread of the chosen model's one-step residuals on the whole history. */
  readonly residualSd: number;
  /** Cents: the chosen model's error over the holdout days; null when the history is too short for a holdout (under 4 days). */
  readonly holdoutRmse: number | null;
  readonly points: readonly ForecastPoint[];
}

/** A model fitted on a series: its forecast `h` days after the last day, and that forecast's variance in units of the one-step variance. */
interface FittedModel {
  readonly model: ForecastModelName;
  readonly parameters: Readonly<Record<string, number>>;
  readonly residualSd: number;
  readonly mean: (h: number) => number;
  readonly varianceFactor: (h: number) => number;
}

type Fit = (values: readonly number[]) => FittedModel | null;

/** Days held out to choose the model: the last quarter of the history, at most two weeks. */
export const holdoutDays = (historyDays: number): number => Math.min(MAX_HOLDOUT_DAYS, Math.floor(historyDays / 4));

/**
 * The daily price `horizon` (1..90) days after the last day. Both models are fitted on all but the
 * holdout days and forecast them; the lower RMSE wins, damped trend on a tie or when the training
 * days hold less than a week (no seasonal-naive forecast); the winner is refitted on every day.
 * Amounts round half up to the cent, no lower than 0; the interval is rounded outwards.
 * Requires at least 2 days (the caller answers 422 below).
 */
export function forecastDailyPrices(days: readonly DailyPrice[], horizon: number): PriceForecast {
  if (days.length < MIN_HISTORY_DAYS) throw new RangeError(`A forecast needs ${MIN_HISTORY_DAYS} days of history`);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON_DAYS) throw new RangeError(`The horizon is 1..${MAX_HORIZON_DAYS} days`);
  const values = days.map((d) => d.amountCents);

  const holdout = holdoutDays(values.length);
  const dampedError = holdoutRmse(dampedTrendModel, values, holdout);
  const seasonalError = holdoutRmse(seasonalNaiveModel, values, holdout);
  const seasonalWins = dampedError !== null && seasonalError !== null && seasonalError < dampedError;
  const fitted = (seasonalWins ? seasonalNaiveModel(values) : dampedTrendModel(values)) as FittedModel;

  const lastDay = (days.at(-1) as DailyPrice).day;
  const sigma = Math.max(fitted.residualSd, 1, SIGMA_FLOOR_SHARE * Math.abs(values.at(-1) as number));
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h += 1) {
    const mean = fitted.mean(h);
    const halfWidth = Z_80 * sigma * Math.sqrt(fitted.varianceFactor(h) + (h - 1) * DRIFT_VARIANCE_PER_DAY);
    const amountCents = Math.max(0, Math.round(mean));
    points.push({
      day: addDays(lastDay, h),
      amountCents,
      lowerCents: Math.max(0, Math.floor(mean - halfWidth)),
      upperCents: Math.max(amountCents, Math.ceil(mean + halfWidth)),
    });
  }
  return {
    model: fitted.model,
    parameters: fitted.parameters,
    residualSd: fitted.residualSd,
    holdoutRmse: seasonalWins ? seasonalError : dampedError,
    points,
  };
}

/** The RMSE of the model fitted on all but the last `holdout` values, forecasting them; null when there is no holdout or the model cannot fit. */
function holdoutRmse(fit: Fit, values: readonly number[], holdout: number): number | null {
  if (holdout === 0) return null;
  const training = values.length - holdout;
  const model = fit(values.slice(0, training));
  if (!model) return null;
  let squares = 0;
  for (let h = 1; h <= holdout; h += 1) squares += ((values[training + h - 1] as number) - model.mean(h)) ** 2;
  return Math.sqrt(squares / holdout);
}

// ---- Seasonal naive: the price of the same weekday in the last week seen (FPP3 §5.2).

function seasonalNaiveModel(values: readonly number[]): FittedModel | null {
  const n = values.length;
  if (n < SEASON_DAYS) return null;
  let squares = 0;
  for (let t = SEASON_DAYS; t < n; t += 1) squares += ((values[t] as number) - (values[t - SEASON_DAYS] as number)) ** 2;
  const residuals = n - SEASON_DAYS;
  const weeksAhead = (h: number) => Math.floor((h - 1) / SEASON_DAYS) + 1;
  return {
    model: 'seasonal_naive',
    parameters: { period: SEASON_DAYS },
    residualSd: residuals > 0 ? Math.sqrt(squares / residuals) : 0,
    mean: (h) => values[n - 1 + h - SEASON_DAYS * weeksAhead(h)] as number,
    // FPP3 §5.5: σ_h = σ·sqrt(k + 1), k the whole weeks before h.
    varianceFactor: weeksAhead,
  };
}

// ---- Damped trend, ETS(A,Ad,N).

/**
 * The smoothing parameters: alpha, beta* (the trend's share, beta = alpha·beta*) and phi. The
 * bounds are statsmodels' ETSModel defaults: 0 < alpha < 1, 0 < beta < alpha, 0.8 ≤ phi ≤ 0.98.
 */
const SMOOTHING_BOX: Box = { lower: [1e-4, 1e-4, 0.8], upper: [1 - 1e-4, 1 - 1e-4, 0.98] };
/** Starting points tried before the simplex search, which starts from the best: the error surface has local minima (statsmodels' Holt-Winters does the same). */
const START_GRID = gridOf([0.05, 0.25, 0.5, 0.75, 0.95], [0.02, 0.2, 0.6], [0.85, 0.95]);
/**
 * Squared errors settled to 1e-7 of their value: tighter tolerances cost twice the evaluations
 * (the 730-day budget) and moved no reference fit's errors in the sixth digit.
 */
const SEARCH = { steps: [0.1, 0.1, 0.05], valueTolerance: 1e-7, pointTolerance: 1e-3, maxEvaluations: 600 };
/** Parameters fitted: alpha, beta, phi, and the initial level and trend. */
const DAMPED_TREND_PARAMETER_COUNT = 5;

export interface DampedTrendParameters {
  readonly alpha: number;
  /** Error-correction form: b_t = φ·b_{t−1} + β·e_t. */
  readonly beta: number;
  readonly phi: number;
}

/**
 * σ_h² / σ² for ETS(A,Ad,N): 1 + Σ_{j=1}^{h−1} (α + β·φ_j)², φ_j = φ + … + φ^j (FPP3 §8.7,
 * with β in error-correction form).
 */
export function dampedTrendVarianceFactor({ alpha, beta, phi }: DampedTrendParameters, h: number): number {
  let factor = 1;
  let phiSum = 0;
  let phiPower = 1;
  for (let j = 1; j < h; j += 1) {
    phiPower *= phi;
    phiSum += phiPower;
    factor += (alpha + beta * phiSum) ** 2;
  }
  return factor;
}

export interface DampedTrendFit extends DampedTrendParameters {
  readonly initialLevel: number;
  readonly initialTrend: number;
  /** The states after the last day, where forecasts start. */
  readonly level: number;
  readonly trend: number;
  /** The sum of squared one-step errors. */
  readonly sse: number;
}

/**
 * ETS(A,Ad,N) fitted by least squares of the one-step errors, initial level and trend included
 * (statsmodels' `initialization_method="estimated"`). The errors are linear in the initial states,
 * so for each (alpha, beta*, phi) the best initial states are solved exactly and the simplex
 * searches three dimensions, not five. `history` holds at least 2 values.
 */
export function fitDampedTrend(history: readonly number[]): DampedTrendFit {
  const values = Float64Array.from(history);
  const sse = ([alpha, betaStar, phi]: readonly number[]) => bestInitialStates(values, alpha as number, betaStar as number, phi as number).sse;
  const starts = START_GRID.map((x) => ({ x, value: sse(x) }));
  const start = starts.reduce((best, s) => (s.value < best.value ? s : best)).x;
  const [alpha, betaStar, phi] = minimizeInBox(sse, start, SMOOTHING_BOX, SEARCH).x as [number, number, number];
  const initial = bestInitialStates(values, alpha, betaStar, phi);
  const beta = alpha * betaStar;
  const end = smooth(values, alpha, beta, phi, initial.level, initial.trend);
  return { alpha, beta, phi, initialLevel: initial.level, initialTrend: initial.trend, ...end };
}

function dampedTrendModel(values: readonly number[]): FittedModel {
  const fit = fitDampedTrend(values);
  const { alpha, beta, phi, level, trend } = fit;
  return {
    model: 'damped_trend',
    parameters: { alpha, beta, phi, level, trend },
    residualSd: Math.sqrt(fit.sse / Math.max(1, values.length - DAMPED_TREND_PARAMETER_COUNT)),
    mean: (h) => level + dampedSum(phi, h) * trend,
    varianceFactor: (h) => dampedTrendVarianceFactor(fit, h),
  };
}

/** Runs the smoother from the initial states: the sum of squared one-step errors and the last level and trend. */
function smooth(values: Float64Array, alpha: number, beta: number, phi: number, level0: number, trend0: number) {
  let level = level0;
  let trend = trend0;
  let sse = 0;
  for (const y of values) {
    const predicted = level + phi * trend;
    const error = y - predicted;
    sse += error * error;
    level = predicted + alpha * error;
    trend = phi * trend + beta * error;
  }
  return { level, trend, sse };
}

/**
 * The initial level and trend with the least squared one-step errors, and that sum, in one pass.
 * The errors are e = r − ℓ₀·u − b₀·v, with r the errors of the smoother started from zero states,
 * and u, v the predictions of the smoother fed zeros from a unit level, a unit trend; ℓ₀, b₀ solve
 * the 2×2 normal equations. The values are taken relative to the first one, which keeps the sums
 * small for large prices.
 */
function bestInitialStates(values: Float64Array, alpha: number, betaStar: number, phi: number) {
  const beta = alpha * betaStar;
  const origin = values[0] as number;
  let levelR = 0;
  let trendR = 0;
  let levelU = 1;
  let trendU = 0;
  let levelV = 0;
  let trendV = 1;
  let rr = 0;
  let uu = 0;
  let vv = 0;
  let ur = 0;
  let vr = 0;
  let uv = 0;
  for (let t = 0; t < values.length; t += 1) {
    const predictedR = levelR + phi * trendR;
    const r = (values[t] as number) - origin - predictedR;
    const u = levelU + phi * trendU;
    const v = levelV + phi * trendV;
    rr += r * r;
    uu += u * u;
    vv += v * v;
    ur += u * r;
    vr += v * r;
    uv += u * v;
    levelR = predictedR + alpha * r;
    trendR = phi * trendR + beta * r;
    // Fed zeros, their errors are −u and −v.
    levelU = u - alpha * u;
    trendU = phi * trendU - beta * u;
    levelV = v - alpha * v;
    trendV = phi * trendV - beta * v;
  }
  const determinant = uu * vv - uv * uv;
  // Collinear (too few days to tell level from trend): a level alone.
  const [level, trend] = determinant > 1e-12 * uu * vv ? [(ur * vv - vr * uv) / determinant, (vr * uu - ur * uv) / determinant] : [ur / uu, 0];
  return { level: level + origin, trend, sse: Math.max(0, rr - level * ur - trend * vr) };
}

/** φ + φ² + … + φ^h. */
function dampedSum(phi: number, h: number): number {
  let sum = 0;
  let power = 1;
  for (let j = 1; j <= h; j += 1) {
    power *= phi;
    sum += power;
  }
  return sum;
}

function gridOf(...axes: readonly (readonly number[])[]): number[][] {
  return axes.reduce<number[][]>((points, axis) => points.flatMap((p) => axis.map((v) => [...p, v])), [[]]);
}
