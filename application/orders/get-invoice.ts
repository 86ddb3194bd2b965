import type { Actor } from '../../domain/identity/actor';
import type { OrderStatus } from '../../domain/orders/order';
import { notFound, type AppError } from '../../domain/shared/errors';
import { multiply, type Money } from '../../domain/shared/money';
import { err, ok, type Result } from '../../domain/shared/result';
import type { UnitOfWork } from '../ports/unit-of-work';
import { visibleOrder } from './read-orders';

export interface Invoice {
  readonly invoiceNumber: string;
  readonly orderId: string;
  readonly issuedAt: Date;
  readonly status: OrderStatus;
  readonly seller: { readonly name: string };
  readonly customer: { readonly id: string; readonly displayName: string | null; readonly email: string | null };
  readonly lines: readonly { productId: string; sku: string | null; name: string | null; quantity: number; unitPrice: Money; lineTotal: Money }[];
  readonly total: Money;
}

/** The invoice of an order, with product names as they are now (prices as they were). */
export class GetInvoice {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; id: string }): Promise<Result<Invoice, AppError<'not_found'>>> {
    return this.uow.read(async (repos) => {
      const order = await visibleOrder(repos, input.actor, input.id);
      if (!order) return err(notFound('Order'));
      const [company, customer, products] = await Promise.all([
        repos.companies.byId(order.companyId),
        repos.users.byId(order.companyId, order.userId),
        repos.products.byIds(order.companyId, order.items.map((i) => i.productId)),
      ]);
      const byId = new Map(products.map((p) => [p.id, p]));
      return ok({
        invoiceNumber: `INV-${order.placedAt.toISOString().slice(0, 10).replace(/-/g, '')}-${order.id.slice(-8).toUpperCase()}`,
        orderId: order.id,
        issuedAt: order.placedAt,
        status: order.status,
        seller: { name: company?.name ?? '' },
        customer: { id: order.userId, displayName: customer?.displayName ?? null, email: customer?.email ?? null },
        lines: order.items.map((i) => ({
          productId: i.productId,
          sku: byId.get(i.productId)?.sku ?? null,
          name: byId.get(i.productId)?.name ?? null,
          quantity: i.quantity,
          unitPrice: i.unitPrice,
          lineTotal: multiply(i.unitPrice, i.quantity),
        })),
        total: order.total,
      });
    });
  }
}
