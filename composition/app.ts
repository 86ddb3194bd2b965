// Assembles one running application from configuration: the container, the store, the
// HTTP app, and the background pieces. Entry points and tests both start here.
import type { Container } from 'inversify';
import type Koa from 'koa';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { createLogger } from './logger';
import type { Registry } from 'prom-client';
import { Authenticate } from '../application/identity/authenticate';
import { AuthenticateApiKey } from '../application/identity/authenticate-api-key';
import type { EventConsumer } from '../application/ports/message-bus';
import { createHttpApp, type ReadinessCheck } from '../adapters/http/server';
import { metricsEndpoint, metricsListener } from '../adapters/http/metrics-endpoint';
import { openDatabase } from '../adapters/postgres/database';
import { PostgreSqlStoreDriver } from '../adapters/postgres/store-drivers';
import type { ScryptCost } from '../adapters/security/scrypt-password-hasher';
import type { Clock } from '../application/ports/clock';
import type { Config } from './config';
import { buildContainer } from './container';
import type { Cache } from '../application/ports/cache';
import type { ReplicaBroadcast } from '../application/ports/replica-broadcast';
import { analyticsRuntime } from './analytics-runtime';
import { graphRuntime } from './graph-runtime';
import { messagingRuntime } from './messaging-runtime';
import { notificationsRuntime } from './notifications-runtime';
import { analyticsHttp } from './modules/analytics-module';
import { adminCacheHttp, cacheReadiness } from './modules/cache-module';
import { graphReadiness, recommendationsHttp } from './modules/recommendations-module';
import { catalogHttp } from './modules/catalog-module';
import { identityHttp } from './modules/identity-module';
import { interestsHttp } from './modules/interests-module';
import { notificationsHttp } from './modules/notifications-module';
import { adminSystemHttp, busReadiness, messagingRole } from './modules/messaging-module';
import { ordersHttp } from './modules/orders-module';
import { visionBoardsHttp } from './modules/vision-boards-module';
import type { Persistence } from './modules/persistence-module';
import { gracefulServer, type GracefulServer } from './graceful-server';
import { TOKENS } from './tokens';
import type { RateLimits } from './modules/infrastructure-module';

export interface AppOptions {
  readonly config: Config;
  /** `memory`: in-memory adapters (unit and e2e tests); `database`: PostgreSQL or PGlite per config. */
  readonly store: 'memory' | 'database';
  readonly jwtSecret: string;
  readonly logger?: Logger | undefined;
  readonly clock?: Clock | undefined;
  readonly scryptCost?: ScryptCost | undefined;
  readonly mail?: 'memory' | 'configured';
  /** An already opened ORM (tests share one per database). Closed by the caller, not by the app. */
  readonly orm?: MikroORM | undefined;
  /** Consumers run beside the real ones (tests watch deliveries with them). */
  readonly extraConsumers?: readonly EventConsumer[] | undefined;
}

export interface App {
  readonly container: Container;
  readonly koa: Koa;
  readonly logger: Logger;
  /** Starts listening (and the METRICS_PORT server when configured); resolves with the bound port. */
  listen(port: number): Promise<number>;
  /** The bound METRICS_PORT once listening; undefined when /metrics is on the public port. */
  readonly metricsPort: number | undefined;
  /** Stops taking requests, lets in-flight ones finish, then closes every pool. */
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const ownsOrm = options.store === 'database' && !options.orm;
  const orm = options.store === 'database' ? (options.orm ?? (await openDatabase(config.database))) : undefined;
  const persistence: Persistence = orm
    ? { kind: 'database', orm, name: orm.config.get('driver') === PostgreSqlStoreDriver ? 'postgres' : 'pglite' }
    : { kind: 'memory' };

  const role = messagingRole(config, 'api');
  const container = await buildContainer({
    config,
    logger,
    jwtSecret: options.jwtSecret,
    persistence,
    role,
    clock: options.clock,
    scryptCost: options.scryptCost,
    mail: options.mail ?? 'configured',
    extraConsumers: options.extraConsumers,
  });

  const authenticate = container.get(Authenticate);
  const authenticateApiKey = container.get(AuthenticateApiKey);
  const koa = createHttpApp({
    routes: [
      ...identityHttp(container), ...catalogHttp(container), ...ordersHttp(container), ...interestsHttp(container),
      ...visionBoardsHttp(container),
      ...adminSystemHttp(container), ...recommendationsHttp(container), ...adminCacheHttp(container),
      ...analyticsHttp(container), ...notificationsHttp(container),
    ],
    authenticate: (token) => authenticate.execute(token),
    authenticateApiKey: (secret) => authenticateApiKey.execute({ secret }),
    logger,
    metrics: container.get<Registry>(TOKENS.Metrics),
    readiness: [
      ...container.get<ReadinessCheck[]>(TOKENS.Readiness),
      ...busReadiness(container, role),
      ...graphReadiness(container, config),
      ...cacheReadiness(container, config),
    ],
    version: '0.1.0',
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    metricsAccess: config.METRICS_PORT !== undefined ? 'elsewhere' : config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : 'open',
  });
  if (role === 'api' && !config.NEO4J_URL) {
    logger.warn('AMQP_URL without NEO4J_URL: the in-process graph is rebuilt at start and does not follow the worker; set NEO4J_URL for live recommendations');
  }
  const graph = graphRuntime(container, config, logger, true);
  await graph.start();
  const messaging = messagingRuntime(container, role);
  await messaging.start();
  const analytics = analyticsRuntime(container, logger, config.ANALYTICS_ROLLUP_INTERVAL_MS);
  await analytics.start();
  const notifications = notificationsRuntime(container, role, logger, config.NOTIFICATION_SWEEP_INTERVAL_MS);
  await notifications.start();

  let server: GracefulServer | null = null;
  let metricsServer: GracefulServer | null = null;
  let metricsPort: number | undefined;
  return {
    container,
    koa,
    logger,
    async listen(port) {
      if (config.METRICS_PORT !== undefined) {
        metricsServer = gracefulServer(metricsListener(metricsEndpoint(container.get<Registry>(TOKENS.Metrics), config.METRICS_TOKEN)));
        metricsPort = await metricsServer.listen(config.METRICS_PORT);
      }
      server = gracefulServer(koa.callback());
      await notifications.serveSockets(server.httpServer, authenticate);
      return server.listen(port);
    },
    get metricsPort() {
      return metricsPort;
    },
    async close() {
      // Sockets first: upgraded connections neither hold the server's close open nor end with it.
      await notifications.stop();
      await Promise.all([server?.close(config.SHUTDOWN_TIMEOUT_MS), metricsServer?.close(config.SHUTDOWN_TIMEOUT_MS)]);
      await analytics.stop();
      await messaging.stop();
      await graph.stop();
      await container.get<Cache>(TOKENS.Cache).close();
      await container.get<RateLimits>(TOKENS.RateLimitConnection).close();
      await container.get<ReplicaBroadcast>(TOKENS.ReplicaBroadcast).close();
      if (orm && ownsOrm) await orm.close();
    },
  };
}

