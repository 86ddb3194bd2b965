// `npm start`: the API. In embedded mode it also runs the outbox relay in-process.
import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { resolveJwtSecret } from './jwt-secret';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.LOG_LEVEL });
  await mkdir(config.DATA_DIR, { recursive: true });
  const app = await createApp({ config, store: 'database', jwtSecret: await resolveJwtSecret(config, logger), logger });
  const port = await app.listen(config.PORT);
  logger.info({ port, store: config.database.kind }, 'Conversion Graph API listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
