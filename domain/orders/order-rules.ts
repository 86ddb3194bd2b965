import { appError, type AppError, type ErrorDetail } from '../shared/errors';
import { MAX_AMOUNT_CENTS, multiply, sum, type Money } from '../shared/money';
import { err, ok, type Result } from '../shared/result';
import type { Order, OrderLine, OrderStatus } from './order';
import { canTransition } from './order-status';

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 1000;

/** 1..100 requested lines of 1..1000 units each (checked before lines are merged). */
export function validateRequestedLines(lines: readonly { productId: string; quantity: number }[]): Result<void, AppError<'validation_failed'>> {
  const details: ErrorDetail[] = [];
  if (lines.length < 1 || lines.length > MAX_ORDER_LINES) details.push({ path: 'items', message: `must hold 1..${MAX_ORDER_LINES} lines` });
  lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      details.push({ path: `items.${i}.quantity`, message: `must be a whole number in 1..${MAX_LINE_QUANTITY}` });
    }
    if (line.productId.length === 0) details.push({ path: `items.${i}.productId`, message: 'must not be empty' });
  });
  return details.length ? err(appError('validation_failed', 'Invalid order lines', { details })) : ok(undefined);
}

/** Lines for the same product become one line. */
export function mergeLines(lines: readonly { productId: string; quantity: number }[]): { productId: string; quantity: number }[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

export function orderTotal(lines: readonly OrderLine[]): Result<Money, AppError<'validation_failed'>> {
  const currency = lines[0]?.unitPrice.currency ?? 'EUR';
  const total = sum(lines.map((l) => multiply(l.unitPrice, l.quantity)), currency);
  if (!total.ok) {
    return err(appError('validation_failed', 'Every product of one order must be priced in the same currency', {
      details: [{ path: 'items', message: 'mixed currencies' }],
    }));
  }
  if (total.value.amountCents > MAX_AMOUNT_CENTS) {
    return err(appError('validation_failed', `The order total would exceed ${MAX_AMOUNT_CENTS} minor units`, {
      details: [{ path: 'items', message: 'order total too large' }],
    }));
  }
  return ok(total.value);
}

export function transition(order: Order, to: OrderStatus, at: Date): Result<Order, AppError<'invalid_transition'>> {
  if (!canTransition(order.status, to)) {
    return err(appError('invalid_transition', `An order cannot go from ${order.status} to ${to}`));
  }
  return ok({ ...order, status: to, history: [...order.history, { status: to, at }] });
}
