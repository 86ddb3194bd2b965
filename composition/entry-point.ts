// What every process entry point does the same way: read the configuration (a bad value
// stops the process with a message naming the variable) and shut down cleanly on a signal.
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';

export function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** On SIGTERM or SIGINT (once): logs `stopping`, runs `close`, logs `stopped`, exits 0. */
export function exitOnSignals(logger: Logger, messages: { stopping: string; stopped: string }, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, messages.stopping);
    await close();
    logger.info(messages.stopped);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export function exitOnCrash(error: unknown): void {
  console.error(error);
  process.exit(1);
}
