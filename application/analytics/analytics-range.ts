// The range every analytics query takes (SPEC §3.9): `from` inclusive, `to` exclusive, by
// default the last 30 days up to now; and who may ask (staff and above). A default `to` is
// now rounded up to the whole minute, so repeated default queries share a cache entry for
// that minute and still see every event up to now.
import { DAY_MS } from '../../domain/analytics/analytics-definitions';
import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { forbidden, invalid, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { TimeRange } from '../ports/analytics-event-store';

const MINUTE_MS = 60_000;
export const DEFAULT_RANGE_DAYS = 30;
/** Longer ranges are refused: they would read years of events for one answer. */
export const MAX_RANGE_DAYS = 800;

export interface RangeInput {
  readonly actor: Actor;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

export type RangeError = AppError<'forbidden' | 'validation_failed'>;

/** The range asked for, once the caller may see analytics and the range is sound. */
export function analyticsRange(input: RangeInput, now: Date): Result<TimeRange, RangeError> {
  if (!isAtLeast(input.actor.role, 'staff')) return err(forbidden('Analytics are for staff'));
  const to = input.to ?? new Date(Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS);
  const from = input.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() > to.getTime()) return err(invalid('from', 'must not be after to'));
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) return err(invalid('from', `the range spans at most ${MAX_RANGE_DAYS} days`));
  return ok({ from, to });
}

/** The range as a cache key part: exact to the millisecond. */
export const rangeKey = (range: TimeRange): string => `${range.from.getTime()}-${range.to.getTime()}`;
