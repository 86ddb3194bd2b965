// PLACEHOLDER: replaced by the real module.
import { ContainerModule, type Container } from 'inversify';
import type { RouteSpec } from '../../adapters/http/route';

export const identityModule = new ContainerModule(() => undefined);

export function identityHttp(_container: Container): RouteSpec[] {
  return [];
}
