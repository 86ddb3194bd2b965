// When a watched product's change is worth telling its watcher (SPEC §3.8). Pure: the
// consumers read the watchlist and the event, and these decide.
import type { Money } from '../shared/money';

/** Without a target, a price at or below 90% of the reference fires (9/10, in integers). */
const DROP_NUMERATOR = 9;
const DROP_DENOMINATOR = 10;

export type PriceDropDecision =
  /** Tell the watcher; `reference` is the watch's reference from now on (the price it fired at). */
  | { readonly fire: true; readonly reference: Money }
  /** Stay quiet; `reference` is the watch's reference from now on (unchanged, or restarted in a new currency). */
  | { readonly fire: false; readonly reference: Money };

/**
 * A price change seen by one watch. With a target: fires when the price goes from above the
 * target to at or below it (so it re-arms by going above again). Without one: fires when the
 * price falls to 90% or less of the reference (the price when the watch began, or when it last
 * fired). A change of currency cannot be compared: the watch starts again from the new price.
 */
export function priceDrop(watch: { readonly target: Money | null; readonly reference: Money }, previous: Money, current: Money): PriceDropDecision {
  if (watch.target) {
    const comparable = watch.target.currency === previous.currency && previous.currency === current.currency;
    const crossed = previous.amountCents > watch.target.amountCents && current.amountCents <= watch.target.amountCents;
    if (!comparable) return { fire: false, reference: current };
    return { fire: crossed, reference: crossed ? current : watch.reference };
  }
  if (watch.reference.currency !== current.currency) return { fire: false, reference: current };
  if (current.amountCents * DROP_DENOMINATOR <= watch.reference.amountCents * DROP_NUMERATOR) return { fire: true, reference: current };
  return { fire: false, reference: watch.reference };
}

/** A product comes back when its stock goes from none to some. */
export const backInStock = (previous: number, current: number): boolean => previous === 0 && current > 0;
