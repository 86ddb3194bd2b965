import { appError, type AppError } from '../shared/errors';
import { multiply, sum, type Money } from '../shared/money';
import { err, ok, type Result } from '../shared/result';
import type { Order, OrderLine, OrderStatus } from './order';
import { canTransition } from './order-status';

/** Lines for the same product become one line. */
export function mergeLines(lines: readonly { productId: string; quantity: number }[]): { productId: string; quantity: number }[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

export function orderTotal(lines: readonly OrderLine[]): Result<Money, AppError<'validation_failed'>> {
  const currency = lines[0]?.unitPrice.currency ?? 'EUR';
  const total = sum(lines.map((l) => multiply(l.unitPrice, l.quantity)), currency);
  return total.ok
    ? ok(total.value)
    : err(appError('validation_failed', 'Every product of one order must be priced in the same currency', {
        details: [{ path: 'items', message: 'mixed currencies' }],
      }));
}

export function transition(order: Order, to: OrderStatus, at: Date): Result<Order, AppError<'invalid_transition'>> {
  if (!canTransition(order.status, to)) {
    return err(appError('invalid_transition', `An order cannot go from ${order.status} to ${to}`));
  }
  return ok({ ...order, status: to, history: [...order.history, { status: to, at }] });
}
