import { ContainerModule, type Container } from 'inversify';
import { GetInvoice } from '../../application/orders/get-invoice';
import { ListTrending } from '../../application/orders/list-trending';
import { PlaceOrder } from '../../application/orders/place-order';
import { GetOrder, ListOrders } from '../../application/orders/read-orders';
import { TransitionOrder } from '../../application/orders/transition-order';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { orderRoutes } from '../../adapters/http/routes/order-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { TOKENS } from '../tokens';

const { UnitOfWork: UOW, Ids: IDS, Clock: CLOCK } = TOKENS;

export const ordersModule = new ContainerModule(({ bind }) => {
  bind(PlaceOrder).toResolvedValue((uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new PlaceOrder(uow, ids, clock), [UOW, IDS, CLOCK]);
  bind(ListOrders).toResolvedValue((uow: UnitOfWork) => new ListOrders(uow), [UOW]);
  bind(GetOrder).toResolvedValue((uow: UnitOfWork) => new GetOrder(uow), [UOW]);
  bind(TransitionOrder).toResolvedValue(
    (uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new TransitionOrder(uow, ids, clock),
    [UOW, IDS, CLOCK],
  );
  bind(GetInvoice).toResolvedValue((uow: UnitOfWork) => new GetInvoice(uow), [UOW]);
  bind(ListTrending).toResolvedValue((uow: UnitOfWork, clock: Clock) => new ListTrending(uow, clock), [UOW, CLOCK]);
});

export function ordersHttp(container: Container): RouteSpec[] {
  return orderRoutes({
    placeOrder: container.get(PlaceOrder),
    listOrders: container.get(ListOrders),
    getOrder: container.get(GetOrder),
    transitionOrder: container.get(TransitionOrder),
    getInvoice: container.get(GetInvoice),
    listTrending: container.get(ListTrending),
  });
}
