// PLACEHOLDER: replaced by the real module.
import { ContainerModule, type Container } from 'inversify';
import type { RouteSpec } from '../../adapters/http/route';

export const ordersModule = new ContainerModule(() => undefined);

export function ordersHttp(_container: Container): RouteSpec[] {
  return [];
}
