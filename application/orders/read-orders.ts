import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import type { Order, OrderStatus } from '../../domain/orders/order';
import { notFound, type AppError } from '../../domain/shared/errors';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';

/** Customers see their own orders; staff see the company's. Anything else reads as missing. */
export const canSee = (actor: Actor, order: Order): boolean => order.userId === actor.userId || isAtLeast(actor.role, 'staff');

export async function visibleOrder(repos: Repositories, actor: Actor, id: string): Promise<Order | null> {
  const order = await repos.orders.byId(actor.companyId, id);
  return order && canSee(actor, order) ? order : null;
}

export class GetOrder {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: { actor: Actor; id: string }): Promise<Result<Order, AppError<'not_found'>>> {
    const order = await this.uow.read((repos) => visibleOrder(repos, input.actor, input.id));
    return order ? ok(order) : err(notFound('Order'));
  }
}

export interface ListOrdersInput {
  readonly actor: Actor;
  readonly userId?: string | undefined;
  readonly status?: OrderStatus | undefined;
  readonly page: PageRequest;
}

export class ListOrders {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: ListOrdersInput): Promise<Result<Page<Order>, never>> {
    const { actor } = input;
    const userId = isAtLeast(actor.role, 'staff') ? input.userId : actor.userId;
    return ok(await this.uow.read((r) => r.orders.list({ companyId: actor.companyId, userId, status: input.status, page: input.page })));
  }
}
