// What every process entry point does the same way: read the configuration (a bad value
// stops the process with a message naming the variable) and shut down on a signal within
// SHUTDOWN_TIMEOUT_MS, whatever became of the reader of its logs.
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';

/** Time left for closing pools and connections once the server's SHUTDOWN_TIMEOUT_MS is over. */
export const CLOSE_MARGIN_MS = 500;

/**
 * `pgliteTemplate`: where the build put the PGlite template, beside the entry point
 * (`new URL('./pglite-template', import.meta.url)`: dist/ once built, nothing there in the sources).
 */
export function loadConfigOrExit(pgliteTemplate?: URL): Config {
  try {
    const config = loadConfig(process.env);
    if (config.database.kind !== 'pglite' || !pgliteTemplate) return config;
    return { ...config, database: { ...config.database, template: fileURLToPath(pgliteTemplate) } };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/**
 * On SIGTERM or SIGINT: logs `stopping`, runs `close`, logs `stopped`, exits 0. The exit is
 * forced (code 1) when `close` fails, when it is still running `shutdownTimeoutMs` +
 * {@link CLOSE_MARGIN_MS} after the signal, or on a second signal.
 */
export function exitOnSignals(
  logger: Logger,
  messages: { stopping: string; stopped: string },
  shutdownTimeoutMs: number,
  close: () => Promise<void>,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return forceExit(logger, 'forced exit: second signal while stopping', { signal });
    stopping = true;
    // The server drops its open connections at shutdownTimeoutMs; what comes after it
    // (consumers, graph, cache, pools) has the margin, then the process goes anyway.
    afterUnref(shutdownTimeoutMs, () => tryLog(() => logger.warn({ shutdownTimeoutMs }, 'shutdown timeout: dropping what is still in flight')));
    afterUnref(shutdownTimeoutMs + CLOSE_MARGIN_MS, () => forceExit(logger, 'forced exit: closing did not finish in time', { shutdownTimeoutMs }));
    tryLog(() => logger.info({ signal }, messages.stopping));
    close().then(
      () => {
        tryLog(() => logger.info(messages.stopped));
        process.exit(0);
      },
      (error: unknown) => forceExit(logger, 'forced exit: closing failed', { err: error }),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

export function exitOnCrash(error: unknown): void {
  console.error(error);
  process.exit(1);
}

function forceExit(logger: Logger, message: string, fields: Record<string, unknown>): never {
  tryLog(() => logger.error(fields, message));
  process.exit(1);
}

/** Logging is best-effort on the way out: a log call that throws must not keep the process up. */
function tryLog(write: () => void): void {
  try {
    write();
  } catch {
    // The line is lost; exiting matters more.
  }
}

/** Unref'd: a pending deadline never keeps a process alive that has nothing else to do. */
function afterUnref(ms: number, run: () => void): void {
  setTimeout(run, ms).unref();
}
