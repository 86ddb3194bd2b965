// PLACEHOLDER: replaced by the real module.
import { ContainerModule, type Container } from 'inversify';
import type { RouteSpec } from '../../adapters/http/route';

export const interestsModule = new ContainerModule(() => undefined);

export function interestsHttp(_container: Container): RouteSpec[] {
  return [];
}
