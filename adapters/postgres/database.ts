// Opens the relational store: PostgreSQL when a URL is given, embedded PGlite otherwise,
// through the same MikroORM mappings and migrations.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { existsSync } from 'node:fs';
import { rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PGliteStoreDriver, PostgreSqlStoreDriver } from './store-drivers';

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  /** `dataDir` undefined keeps PGlite in memory (tests). */
  | { readonly kind: 'pglite'; readonly dataDir?: string | undefined };

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

function baseOptions(): Options {
  return {
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      migrationsList: MIGRATIONS,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      silent: true,
    },
  };
}

export async function openOrm(target: DatabaseTarget): Promise<MikroORM> {
  if (target.kind === 'postgres') {
    return MikroORM.init({
      ...baseOptions(),
      driver: PostgreSqlStoreDriver,
      clientUrl: target.url,
      pool: { min: 0, max: target.poolSize ?? 10 },
    });
  }
  if (target.dataDir) await initialiseOutOfPlace(target.dataDir);
  const pglite = await PGlite.create({ ...(target.dataDir ? { dataDir: target.dataDir } : {}), extensions: { pg_trgm } });
  const orm = await MikroORM.init({
    ...baseOptions(),
    driver: PGliteStoreDriver,
    dbName: 'postgres',
    driverOptions: { connection: { pglite: () => pglite } },
  } as unknown as Options);
  // PGlite is borrowed by the driver, so closing the ORM must close it too.
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await close(force);
    await pglite.close();
  };
  return orm;
}

/**
 * PGlite builds a new database in place, writes PG_VERSION early, and from then on takes the
 * directory for a database: a kill during the first start left one that aborted at every later
 * start. So a new database is built beside its directory and renamed into place once closed
 * cleanly. Callers hold the DATA_DIR lock, so no other process builds the same staging directory.
 */
async function initialiseOutOfPlace(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const staging = `${dataDir}.initdb`;
  await rm(staging, { recursive: true, force: true }); // left by a first start that was killed
  await (await PGlite.create({ dataDir: staging })).close();
  // An empty directory may be there already; one with files but no PG_VERSION is not ours to delete (ENOTEMPTY stops the start).
  await rmdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, dataDir);
}

/** Opens the store and applies every pending migration. */
export async function openDatabase(target: DatabaseTarget): Promise<MikroORM> {
  const orm = await openOrm(target);
  try {
    await orm.getMigrator().up();
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}
