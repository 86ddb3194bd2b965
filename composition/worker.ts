// The worker process (`npm run worker`): relays the outbox to RabbitMQ and runs every
// consumer. It serves /health, /ready and /metrics on WORKER_PORT for probes and scrapes;
// /metrics asks for METRICS_TOKEN when one is set, as the API's does.
import type { MikroORM } from '@mikro-orm/postgresql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Container } from 'inversify';
import type { EventConsumer } from '../application/ports/message-bus';
import type { ReadinessCheck } from '../adapters/http/server';
import { metricsEndpoint, writeMetrics, type MetricsEndpoint } from '../adapters/http/metrics-endpoint';
import { openDatabase } from '../adapters/postgres/database';
import type { Config } from './config';
import { buildContainer } from './container';
import type { Cache } from '../application/ports/cache';
import type { ReplicaBroadcast } from '../application/ports/replica-broadcast';
import { graphRuntime } from './graph-runtime';
import { messagingRuntime } from './messaging-runtime';
import { notificationsRuntime } from './notifications-runtime';
import { busReadiness } from './modules/messaging-module';
import { TOKENS } from './tokens';
import type { RateLimits } from './modules/infrastructure-module';

export interface Worker {
  readonly container: Container;
  /** The port of the probe server. */
  readonly port: number;
  /** Stops taking messages, finishes and acknowledges the ones in hand, closes channels and pools. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly jwtSecret: string;
  /** An already opened ORM (tests); closed by the caller, not by the worker. */
  readonly orm?: MikroORM;
  /** Consumers run beside the real ones (tests). */
  readonly extraConsumers?: readonly EventConsumer[];
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const { config, logger } = options;
  const orm = options.orm ?? (await openDatabase(config.database));
  const container = await buildContainer({
    config,
    logger,
    jwtSecret: options.jwtSecret,
    persistence: { kind: 'database', orm, name: config.database.kind },
    role: 'worker',
    mail: 'configured',
    extraConsumers: options.extraConsumers,
  });
  const graph = graphRuntime(container, config, logger, false);
  await graph.start();
  const messaging = messagingRuntime(container, 'worker');
  await messaging.start();
  const notifications = notificationsRuntime(container, 'worker', logger, config.NOTIFICATION_SWEEP_INTERVAL_MS);
  await notifications.start();
  const readiness = [...container.get<ReadinessCheck[]>(TOKENS.Readiness), ...busReadiness(container, 'worker')];
  const probes = probeServer(metricsEndpoint(container.get<Registry>(TOKENS.Metrics), config.METRICS_TOKEN), readiness);
  const port = await listen(probes, config.WORKER_PORT);
  return {
    container,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        probes.close(() => resolve());
        // A scraper's kept-alive connection would otherwise hold close() for its idle timeout.
        probes.closeIdleConnections();
      });
      await messaging.stop();
      await notifications.stop();
      await graph.stop();
      await container.get<Cache>(TOKENS.Cache).close();
      await container.get<RateLimits>(TOKENS.RateLimitConnection).close();
      await container.get<ReplicaBroadcast>(TOKENS.ReplicaBroadcast).close();
      if (!options.orm) await orm.close();
    },
  };
}

function probeServer(metrics: MetricsEndpoint, readiness: readonly ReadinessCheck[]): Server {
  return createServer((req, res) => {
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.url === '/health') return reply(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (req.url === '/metrics') return writeMetrics(res, metrics, req.headers.authorization);
    if (req.url === '/ready') {
      Promise.all(readiness.map(({ name, check }) => check().then(() => ({ name, reachable: true }), () => ({ name, reachable: false }))))
        .then((adapters) => {
          const ready = adapters.every((a) => a.reachable);
          reply(ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ready' : 'not_ready', adapters }));
        });
      return;
    }
    reply(404, 'application/json', JSON.stringify({ error: { code: 'not_found', message: 'No such probe' } }));
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve((server.address() as AddressInfo).port));
  });
}
