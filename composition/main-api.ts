// `npm start`: the API. In embedded mode (no AMQP_URL) it also relays the outbox to the
// in-process bus and runs the consumers.
import { mkdir } from 'node:fs/promises';
import { lockDataDirOrExit } from './data-dir';
import { exitOnCrash, exitOnSignals, loadConfigOrExit } from './entry-point';

async function main(): Promise<void> {
  const config = loadConfigOrExit(new URL('./pglite-template', import.meta.url));
  await lockDataDirOrExit(config);
  // Loaded once the directory is ours: a process refused it leaves at once, not after seconds
  // spent loading the store, the graph and the HTTP stack.
  const [{ createApp }, { createLogger }, { resolveJwtSecret }] = await Promise.all([import('./app'), import('./logger'), import('./jwt-secret')]);
  const logger = createLogger(config.LOG_LEVEL);
  await mkdir(config.DATA_DIR, { recursive: true });
  const app = await createApp({ config, store: 'database', jwtSecret: await resolveJwtSecret(config, logger), logger });
  const port = await app.listen(config.PORT);
  logger.info({ port, metricsPort: app.metricsPort, store: config.database.kind, bus: config.AMQP_URL ? 'rabbitmq' : 'in-process' }, 'Conversion Graph API listening');
  exitOnSignals(logger, { stopping: 'shutting down: finishing in-flight requests', stopped: 'stopped' }, config.SHUTDOWN_TIMEOUT_MS, () => app.close());
}

main().catch(exitOnCrash);
