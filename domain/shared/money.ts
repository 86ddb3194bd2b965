import { err, ok, type Result } from './result';

/** Integer minor units and an ISO 4217 code; never floats (SPEC §2). */
export interface Money {
  readonly amountCents: number;
  readonly currency: string;
}

export type MoneyError = 'negative_amount' | 'fractional_amount' | 'bad_currency' | 'currency_mismatch';

const CURRENCY = /^[A-Z]{3}$/;

/**
 * The largest amount the API takes or answers (20 million in a two-decimal currency): prices,
 * and the totals made from them, stay far inside JavaScript's safe integers and PostgreSQL's int.
 */
export const MAX_AMOUNT_CENTS = 2_000_000_000;

export function money(amountCents: number, currency: string): Result<Money, MoneyError> {
  if (!Number.isSafeInteger(amountCents)) return err('fractional_amount');
  if (amountCents < 0) return err('negative_amount');
  if (!CURRENCY.test(currency)) return err('bad_currency');
  return ok({ amountCents, currency });
}

export function multiply(price: Money, quantity: number): Money {
  return { amountCents: price.amountCents * quantity, currency: price.currency };
}

export function sum(amounts: readonly Money[], currency: string): Result<Money, MoneyError> {
  let total = 0;
  for (const amount of amounts) {
    if (amount.currency !== currency) return err('currency_mismatch');
    total += amount.amountCents;
  }
  return ok({ amountCents: total, currency });
}
