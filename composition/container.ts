// One container for every process: the API and the worker load the same modules and
// differ only in their messaging role.
import 'reflect-metadata';
import { Container } from 'inversify';
import type { EventConsumer } from '../application/ports/message-bus';
import { analyticsModule } from './modules/analytics-module';
import { catalogModule } from './modules/catalog-module';
import { identityModule } from './modules/identity-module';
import { infrastructureModule, type InfrastructureOptions } from './modules/infrastructure-module';
import { interestsModule } from './modules/interests-module';
import { messagingModule, type MessagingRole } from './modules/messaging-module';
import { notificationsModule } from './modules/notifications-module';
import { cacheModule } from './modules/cache-module';
import { ordersModule } from './modules/orders-module';
import { recommendationsModule } from './modules/recommendations-module';
import { persistenceModule, type Persistence } from './modules/persistence-module';
import { visionBoardsModule } from './modules/vision-boards-module';

export interface ContainerOptions extends InfrastructureOptions {
  readonly persistence: Persistence;
  readonly role: MessagingRole;
  readonly extraConsumers?: readonly EventConsumer[] | undefined;
}

export async function buildContainer(options: ContainerOptions): Promise<Container> {
  const { config, logger } = options;
  const container = new Container({ defaultScope: 'Singleton' });
  await container.load(
    infrastructureModule(options),
    persistenceModule(options.persistence, { clickhouseUrl: config.CLICKHOUSE_URL, clickhouseTimeoutMs: config.CLICKHOUSE_REQUEST_TIMEOUT_MS }),
    messagingModule({ config, logger, role: options.role, extraConsumers: options.extraConsumers ?? [] }),
    identityModule,
    catalogModule,
    ordersModule,
    interestsModule,
    visionBoardsModule,
    cacheModule(config, logger),
    recommendationsModule(config, logger),
    analyticsModule,
    notificationsModule(config, options.role, logger),
  );
  return container;
}
