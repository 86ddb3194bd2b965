// `npm run worker`: the outbox relay and every consumer, on RabbitMQ (AMQP_URL).
import { mkdir } from 'node:fs/promises';
import { lockDataDirOrExit } from './data-dir';
import { exitOnCrash, exitOnSignals, loadConfigOrExit } from './entry-point';

async function main(): Promise<void> {
  const config = loadConfigOrExit(new URL('./pglite-template', import.meta.url));
  // Before the checks below, so a worker pointed at a held directory names its holder.
  await lockDataDirOrExit(config);
  const missing = [
    ...(config.AMQP_URL ? [] : ['AMQP_URL: required by the worker (without it, `npm start` runs the consumers in-process)']),
    // An embedded PGlite belongs to the one process that opened it; the worker shares the API's database.
    ...(config.DATABASE_URL ? [] : ['DATABASE_URL: required by the worker (it shares the API\'s PostgreSQL database)']),
  ];
  if (missing.length > 0) {
    console.error(`Invalid configuration:\n  ${missing.join('\n  ')}`);
    process.exit(2);
  }
  // Loaded only now, so a refused or misconfigured worker leaves at once (see main-api.ts).
  const [{ createWorker }, { createLogger }, { resolveJwtSecret }] = await Promise.all([import('./worker'), import('./logger'), import('./jwt-secret')]);
  const logger = createLogger(config.LOG_LEVEL);
  await mkdir(config.DATA_DIR, { recursive: true });
  const worker = await createWorker({ config, logger, jwtSecret: await resolveJwtSecret(config, logger) });
  logger.info({ port: worker.port, store: config.database.kind }, 'Conversion Graph worker running');
  exitOnSignals(logger, { stopping: 'worker shutting down: finishing the messages in hand', stopped: 'worker stopped' }, config.SHUTDOWN_TIMEOUT_MS, () => worker.close());
}

main().catch(exitOnCrash);
