// Every entry point that opens the embedded store first takes DATA_DIR for itself, so a second
// process on the same directory stops at once instead of damaging the store.
import { acquireDataDirLock, DataDirLocked, type DataDirLock } from '../adapters/postgres/data-dir-lock';
import type { Config } from './config';

/** The exit status of a process that found DATA_DIR held by another. */
export const DATA_DIR_IN_USE_EXIT_CODE = 3;

export const CLI_ADVICE =
  'To seed or migrate while a server runs: stop the server first (Ctrl-C or SIGTERM releases the directory), ' +
  'run the command, then start it again; or set DATABASE_URL to a PostgreSQL server that both use.';

/**
 * Locks DATA_DIR when the store is embedded PGlite (undefined on PostgreSQL, which needs no lock).
 * When another live process holds it, prints who (and `advice`) to stderr and exits.
 */
export async function lockDataDirOrExit(config: Config, advice?: string): Promise<DataDirLock | undefined> {
  if (config.database.kind !== 'pglite') return undefined;
  try {
    return await acquireDataDirLock(config.DATA_DIR);
  } catch (error) {
    if (!(error instanceof DataDirLocked)) throw error;
    console.error(advice ? `${error.message}\n${advice}` : error.message);
    process.exit(DATA_DIR_IN_USE_EXIT_CODE);
  }
}
