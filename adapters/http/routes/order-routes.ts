import type { GetInvoice } from '../../../application/orders/get-invoice';
import type { ListTrending } from '../../../application/orders/list-trending';
import type { PlaceOrder } from '../../../application/orders/place-order';
import type { GetOrder, ListOrders } from '../../../application/orders/read-orders';
import type { TransitionOrder } from '../../../application/orders/transition-order';
import { mapPage } from '../../../domain/shared/page';
import { answer, route, type RouteSpec } from '../route';
import { IdParams, PageQuery, pageOf } from '../schemas/common';
import {
  InvoiceOut, ListOrdersQuery, OrderOut, PlaceOrderBody, TransitionBody, TrendingProductOut, invoiceOut, orderOut, trendingProductOut,
} from '../schemas/order-schemas';

export interface OrderUseCases {
  readonly placeOrder: PlaceOrder;
  readonly listOrders: ListOrders;
  readonly getOrder: GetOrder;
  readonly transitionOrder: TransitionOrder;
  readonly getInvoice: GetInvoice;
  readonly listTrending: ListTrending;
}

export function orderRoutes(uc: OrderUseCases): RouteSpec[] {
  const tag = 'Orders';
  return [
    route({
      method: 'post', path: '/orders', operationId: 'placeOrder', tag, auth: 'user', summary: 'Place an order (staff may order for a customer)',
      body: PlaceOrderBody,
      errors: [403, 404, 409],
      responses: { 201: { description: 'Placed', schema: OrderOut } },
      handle: async ({ actor, body }) => answer(await uc.placeOrder.execute({ actor, ...body }), 201, orderOut),
    }),
    route({
      method: 'get', path: '/orders', operationId: 'listOrders', tag, auth: 'user', summary: 'Own orders (staff+: all, filtered), newest first',
      query: ListOrdersQuery,
      responses: { 200: { description: 'A page of orders', schema: pageOf(OrderOut) } },
      handle: async ({ actor, query }) =>
        answer(
          await uc.listOrders.execute({ actor, userId: query.userId, status: query.status, page: { limit: query.limit, cursor: query.cursor } }),
          200,
          (page) => mapPage(page, orderOut),
        ),
    }),
    route({
      method: 'get', path: '/orders/:id', operationId: 'getOrder', tag, auth: 'user', summary: 'Read an order (own, or staff+)',
      params: IdParams,
      responses: { 200: { description: 'The order', schema: OrderOut } },
      handle: async ({ actor, params }) => answer(await uc.getOrder.execute({ actor, id: params.id }), 200, orderOut),
    }),
    route({
      method: 'post', path: '/orders/:id/transitions', operationId: 'transitionOrder', tag, auth: 'user', summary: 'Move an order along its status machine',
      params: IdParams, body: TransitionBody,
      errors: [403, 409],
      responses: { 200: { description: 'The order', schema: OrderOut } },
      handle: async ({ actor, params, body }) => answer(await uc.transitionOrder.execute({ actor, id: params.id, to: body.to }), 200, orderOut),
    }),
    route({
      method: 'get', path: '/orders/:id/invoice', operationId: 'getOrderInvoice', tag, auth: 'user', summary: 'The order\'s invoice (JSON)',
      params: IdParams,
      responses: { 200: { description: 'Invoice', schema: InvoiceOut } },
      handle: async ({ actor, params }) => answer(await uc.getInvoice.execute({ actor, id: params.id }), 200, invoiceOut),
    }),
    route({
      method: 'get', path: '/catalog/trending', operationId: 'listTrendingProducts', tag: 'Catalog', auth: 'user', summary: 'Most purchased over the last 7 days',
      query: PageQuery,
      responses: { 200: { description: 'A page of products, most units first', schema: pageOf(TrendingProductOut) } },
      handle: async ({ actor, query }) =>
        answer(await uc.listTrending.execute({ actor, page: query }), 200, (page) => mapPage(page, trendingProductOut)),
    }),
  ];
}
