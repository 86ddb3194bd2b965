import { appError, type AppError, type ErrorDetail } from '../shared/errors';
import { err, ok, type Result } from '../shared/result';
import { byCodePoint } from '../shared/code-point-order';
import type { Interest } from './interest';

export const MAX_INTERESTS = 100;

export interface InterestDraft {
  readonly dimension: string;
  readonly value: string;
  readonly weight: number;
}

/** Dimensions are compared trimmed and lower-cased; one weight per (dimension, value). */
export function explicitInterests(drafts: readonly InterestDraft[], at: Date): Result<Interest[], AppError<'validation_failed'>> {
  const details: ErrorDetail[] = [];
  if (drafts.length > MAX_INTERESTS) details.push({ path: 'interests', message: `at most ${MAX_INTERESTS}` });
  const seen = new Set<string>();
  const interests: Interest[] = [];
  drafts.forEach((draft, i) => {
    const dimension = draft.dimension.trim().toLowerCase();
    const value = draft.value.trim();
    if (dimension.length < 1 || dimension.length > 50) details.push({ path: `interests.${i}.dimension`, message: 'must be 1..50 characters' });
    if (value.length < 1 || value.length > 100) details.push({ path: `interests.${i}.value`, message: 'must be 1..100 characters' });
    if (!(draft.weight >= 0 && draft.weight <= 1)) details.push({ path: `interests.${i}.weight`, message: 'must be between 0 and 1' });
    const key = `${dimension}\u0000${value.toLowerCase()}`;
    if (seen.has(key)) details.push({ path: `interests.${i}`, message: 'repeats an interest' });
    seen.add(key);
    interests.push({ dimension, value, weight: draft.weight, source: 'explicit', updatedAt: at });
  });
  return details.length ? err(appError('validation_failed', 'Invalid interests', { details })) : ok(interests);
}

/**
 * Strongest first, then dimension, value and source in code-point order: a total order that
 * reads the same on every machine (no locale), so the interests list can page by it.
 */
export const strongestFirst = (a: Interest, b: Interest): number =>
  b.weight - a.weight || byCodePoint(a.dimension, b.dimension) || byCodePoint(a.value, b.value) || byCodePoint(a.source, b.source);
