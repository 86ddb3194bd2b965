// `npm start`: the API. In embedded mode (no AMQP_URL) it also relays the outbox to the
// in-process bus and runs the consumers.
import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { createApp } from './app';
import { exitOnCrash, exitOnSignals, loadConfigOrExit } from './entry-point';
import { resolveJwtSecret } from './jwt-secret';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino({ level: config.LOG_LEVEL });
  await mkdir(config.DATA_DIR, { recursive: true });
  const app = await createApp({ config, store: 'database', jwtSecret: await resolveJwtSecret(config, logger), logger });
  const port = await app.listen(config.PORT);
  logger.info({ port, store: config.database.kind, bus: config.AMQP_URL ? 'rabbitmq' : 'in-process' }, 'Conversion Graph API listening');
  exitOnSignals(logger, { stopping: 'shutting down: finishing in-flight requests', stopped: 'stopped' }, () => app.close());
}

main().catch(exitOnCrash);
