// `npm run worker`: the outbox relay and every consumer, on RabbitMQ (AMQP_URL).
import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { exitOnCrash, exitOnSignals, loadConfigOrExit } from './entry-point';
import { resolveJwtSecret } from './jwt-secret';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const missing = [
    ...(config.AMQP_URL ? [] : ['AMQP_URL: required by the worker (without it, `npm start` runs the consumers in-process)']),
    // An embedded PGlite belongs to the one process that opened it; the worker shares the API's database.
    ...(config.DATABASE_URL ? [] : ['DATABASE_URL: required by the worker (it shares the API\'s PostgreSQL database)']),
  ];
  if (missing.length > 0) {
    console.error(`Invalid configuration:\n  ${missing.join('\n  ')}`);
    process.exit(2);
  }
  const logger = pino({ level: config.LOG_LEVEL });
  await mkdir(config.DATA_DIR, { recursive: true });
  const worker = await createWorker({ config, logger, jwtSecret: await resolveJwtSecret(config, logger) });
  logger.info({ port: worker.port, store: config.database.kind }, 'Conversion Graph worker running');
  exitOnSignals(logger, { stopping: 'worker shutting down: finishing the messages in hand', stopped: 'worker stopped' }, () => worker.close());
}

main().catch(exitOnCrash);
