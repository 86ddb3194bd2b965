// How purchases become inferred interests (SPEC §3.4). Each bought product's traits gain
// weight; evidence fades with a half-life, so what a customer bought last year weighs less
// than what they bought last week. A weight w stands for the evidence -ln(1 - w): evidence
// adds up and halves every half-life, and the weight saturates below 1. Because evidence is
// additive, the result does not depend on the order purchases are applied in. A stored
// inferred weight is its value at `updatedAt`; readers decay it to their own time.
import type { Interest } from './interest';

export const INFERENCE_HALF_LIFE_DAYS = 30;
/** Gain of one unit bought, per trait dimension: the category says more than a tag. */
export const TRAIT_GAIN = { category: 0.3, brand: 0.2, tag: 0.1 } as const;
/** More units of one line add evidence, up to this many. */
const MAX_UNITS_COUNTED = 5;
/** Inferred interests that faded below this are forgotten. */
const FORGOTTEN_BELOW = 0.01;
/** Weights stop short of certainty, so later evidence still has room to count. */
const MAX_WEIGHT = 0.9999;
export const MAX_INFERRED_INTERESTS = 100;

export type TraitDimension = keyof typeof TRAIT_GAIN;

/** What one order line tells about its buyer. */
export interface PurchasedTraits {
  readonly categoryName: string | null;
  readonly brand: string | null;
  readonly tags: readonly string[];
  readonly quantity: number;
}

const DAY_MS = 86_400_000;

/** `weight` carried from `from` to `to`: its evidence halves every half-life; never grows when `to` is earlier. */
export function decay(weight: number, from: Date, to: Date): number {
  const days = Math.max(0, to.getTime() - from.getTime()) / DAY_MS;
  return 1 - (1 - weight) ** (0.5 ** (days / INFERENCE_HALF_LIFE_DAYS));
}

/** The interest as it weighs at `at`: inferred ones fade, explicit ones are what the user said. */
export function weightAt(interest: Interest, at: Date): Interest {
  return interest.source === 'inferred' ? { ...interest, weight: decay(interest.weight, interest.updatedAt, at) } : interest;
}

/** Adds the evidence of two weights (like independent chances), so weights stay below 1. */
const combine = (a: number, b: number): number => Math.min(1 - (1 - a) * (1 - b), MAX_WEIGHT);

const keyOf = (dimension: string, value: string): string => `${dimension}\u0000${value.trim().toLowerCase()}`;

function traitsOf(line: PurchasedTraits): { dimension: TraitDimension; value: string }[] {
  const traits: { dimension: TraitDimension; value: string }[] = [];
  if (line.categoryName) traits.push({ dimension: 'category', value: line.categoryName });
  if (line.brand) traits.push({ dimension: 'brand', value: line.brand });
  for (const tag of line.tags) traits.push({ dimension: 'tag', value: tag });
  return traits.filter((t) => t.value.trim().length > 0);
}

/** Whether the line names any trait at all. */
export const hasTraits = (line: PurchasedTraits): boolean => traitsOf(line).length > 0;

/** The gain each trait earns from the lines of one purchase. */
function gains(lines: readonly PurchasedTraits[]): Map<string, { dimension: TraitDimension; value: string; gain: number }> {
  const byKey = new Map<string, { dimension: TraitDimension; value: string; gain: number }>();
  for (const line of lines) {
    const units = Math.min(Math.max(line.quantity, 1), MAX_UNITS_COUNTED);
    for (const trait of traitsOf(line)) {
      const lineGain = 1 - (1 - TRAIT_GAIN[trait.dimension]) ** units;
      const key = keyOf(trait.dimension, trait.value);
      const seen = byKey.get(key);
      byKey.set(key, { dimension: trait.dimension, value: seen?.value ?? trait.value.trim(), gain: combine(seen?.gain ?? 0, lineGain) });
    }
  }
  return byKey;
}

/**
 * The inferred interests after a purchase made at `at`. Order-independent enough for
 * redelivered or late events: evidence older than an interest's `updatedAt` is decayed to
 * it instead of moving it back in time.
 */
export function reinforce(inferred: readonly Interest[], purchase: readonly PurchasedTraits[], at: Date): Interest[] {
  const earned = gains(purchase);
  const next: Interest[] = [];
  for (const interest of inferred) {
    const key = keyOf(interest.dimension, interest.value);
    const gain = earned.get(key);
    earned.delete(key);
    if (!gain) {
      next.push(interest);
      continue;
    }
    const updatedAt = interest.updatedAt > at ? interest.updatedAt : at;
    const weight = combine(decay(interest.weight, interest.updatedAt, updatedAt), decay(gain.gain, at, updatedAt));
    next.push({ ...interest, weight, updatedAt });
  }
  for (const { dimension, value, gain } of earned.values()) {
    next.push({ dimension, value, weight: gain, source: 'inferred', updatedAt: at });
  }
  return next
    .filter((i) => weightAt(i, at).weight >= FORGOTTEN_BELOW)
    .sort((a, b) => weightAt(b, at).weight - weightAt(a, at).weight)
    .slice(0, MAX_INFERRED_INTERESTS);
}
