// Opens the relational store: PostgreSQL when a URL is given, embedded PGlite otherwise,
// through the same MikroORM mappings and migrations.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { MigrationObject } from '@mikro-orm/core';
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PGliteStoreDriver, PostgreSqlStoreDriver } from './store-drivers';

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  | {
      readonly kind: 'pglite';
      /** Undefined keeps PGlite in memory (tests). */
      readonly dataDir?: string | undefined;
      /**
       * A directory made by {@link createPgliteTemplate} (`npm run build` puts one in dist/): a
       * first start copies it instead of running initdb and every migration, seconds faster.
       * Ignored when absent; migrations newer than the template still apply.
       */
      readonly template?: string | undefined;
    };

const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export const MIGRATIONS_DIR = migrationsSourceDir(import.meta.url);

/**
 * Where `migration:create` writes: migrations/ beside this file in the sources. From the bundle
 * (dist/chunks/…) this module is elsewhere, so the folder is found from the package root, the
 * nearest folder above with a package.json.
 */
function migrationsSourceDir(moduleUrl: string): string {
  for (let dir = new URL('.', moduleUrl); dir.pathname !== '/'; dir = new URL('..', dir)) {
    if (existsSync(new URL('package.json', dir))) return fileURLToPath(new URL('adapters/postgres/migrations', dir));
  }
  return fileURLToPath(new URL('./migrations', moduleUrl));
}

function baseOptions(migrations: readonly MigrationObject[] = MIGRATIONS): Options {
  return {
    entities: ENTITIES,
    discovery: { warnWhenNoEntities: false },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    // The analytics tables (events and their monthly partitions, keys, journal) are written by
    // raw SQL and have no entity: without this the schema diff would drop them.
    schemaGenerator: { skipTables: [/^analytics_/, /^notification/] },
    migrations: {
      tableName: MIGRATIONS_TABLE,
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      migrationsList: [...migrations],
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      silent: true,
    },
  };
}

/** Opens the store without migrating it; `orm.getMigrator()` is ready for use. */
export async function openOrm(target: DatabaseTarget): Promise<MikroORM> {
  return withMigrator(await openOrmWith(target, MIGRATIONS));
}

/**
 * Registered only when needed: a store already up to date skips the Migrator's start (umzug,
 * its table check and reads, ≈ 80 ms on a cold process); see {@link allApplied}.
 */
async function withMigrator(orm: MikroORM): Promise<MikroORM> {
  const { Migrator } = await import('@mikro-orm/migrations');
  Migrator.register(orm);
  return orm;
}

async function openOrmWith(target: DatabaseTarget, migrations: readonly MigrationObject[]): Promise<MikroORM> {
  if (target.kind === 'postgres') {
    return MikroORM.init({
      ...baseOptions(migrations),
      driver: PostgreSqlStoreDriver,
      clientUrl: target.url,
      pool: { min: 0, max: target.poolSize ?? 10 },
    });
  }
  if (target.dataDir) await initialiseOutOfPlace(target.dataDir, target.template);
  return ormOnPglite(await PGlite.create({ ...(target.dataDir ? { dataDir: target.dataDir } : {}), extensions: { pg_trgm } }), migrations);
}

function ormOnPglite(pglite: PGlite, migrations: readonly MigrationObject[]): Promise<MikroORM> {
  return MikroORM.init({
    ...baseOptions(migrations),
    driver: PGliteStoreDriver,
    dbName: 'postgres',
    driverOptions: { connection: { pglite: () => pglite } },
  } as unknown as Options).then((orm) => {
    // PGlite is borrowed by the driver, so closing the ORM must close it too.
    const close = orm.close.bind(orm);
    orm.close = async (force?: boolean) => {
      await close(force);
      await pglite.close();
    };
    return orm;
  });
}

/**
 * PGlite builds a new database in place, writes PG_VERSION early, and from then on takes the
 * directory for a database: a kill during the first start left one that aborted at every later
 * start. So a new database is built beside its directory and renamed into place once closed
 * cleanly. Callers hold the DATA_DIR lock, so no other process builds the same staging directory.
 * With a template, the staging directory is a copy of it (a fraction of a second) instead of
 * initdb's (seconds of WebAssembly PostgreSQL).
 */
async function initialiseOutOfPlace(dataDir: string, template: string | undefined): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const staging = `${dataDir}.initdb`;
  await rm(staging, { recursive: true, force: true }); // left by a first start that was killed
  if (!(template && isPgliteTemplate(template) && (await copied(template, staging)))) {
    await (await PGlite.create({ dataDir: staging })).close();
  }
  // An empty directory may be there already; one with files but no PG_VERSION is not ours to delete (ENOTEMPTY stops the start).
  await rmdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, dataDir);
}

/** Opens the store and applies every pending migration. */
export async function openDatabase(target: DatabaseTarget): Promise<MikroORM> {
  const orm = await openOrmWith(target, MIGRATIONS);
  return migrated(orm, MIGRATIONS, target.kind === 'postgres' ? (run) => underMigrationLock(target.url, run) : undefined);
}

type Exclusively = (run: () => Promise<void>) => Promise<void>;

async function migrated(orm: MikroORM, migrations: readonly MigrationObject[], exclusively: Exclusively = (run) => run()): Promise<MikroORM> {
  try {
    if (!(await allApplied(orm, migrations))) {
      // Asked again under the lock: another replica may have applied them while this one waited.
      await exclusively(async () => {
        if (!(await allApplied(orm, migrations))) await (await withMigrator(orm)).getMigrator().up();
      });
    }
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** Any fixed number: the advisory lock that replicas starting together on one PostgreSQL queue on. */
const MIGRATION_LOCK_KEY = 20_261_206;

/**
 * Runs `run` holding a session-level advisory lock on its own connection, so replicas that start
 * at once apply pending migrations one after the other instead of failing on each other's tables.
 * Ending the session releases the lock, also when this process dies.
 */
async function underMigrationLock(url: string, run: () => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await run();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes `dir` a PGlite database with `migrations` applied and closed cleanly, for
 * {@link DatabaseTarget} `template`. Built beside and renamed into place, so `dir` is either
 * complete or absent. One PGlite boot runs initdb and the migrations both.
 */
export async function createPgliteTemplate(dir: string, migrations: readonly MigrationObject[] = MIGRATIONS): Promise<void> {
  // Named per process: two builds at once each finish their own.
  const building = `${dir}.${process.pid}.building`;
  const replaced = `${dir}.${process.pid}.old`;
  await rm(building, { recursive: true, force: true });
  try {
    const orm = await migrated(await ormOnPglite(await PGlite.create({ dataDir: building, extensions: { pg_trgm } }), migrations), migrations);
    await orm.close();
    // A directory cannot be renamed onto a full one: the old template steps aside first.
    await rename(dir, replaced).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(building, dir);
  } finally {
    await rm(building, { recursive: true, force: true });
    await rm(replaced, { recursive: true, force: true });
  }
}

/**
 * One query instead of the Migrator's start (loading it, creating its table if missing, reading
 * it): true when the table names every migration. Anything else (no table yet, a migration
 * missing) leaves the answer to the Migrator.
 */
async function allApplied(orm: MikroORM, migrations: readonly MigrationObject[]): Promise<boolean> {
  try {
    const rows = await orm.em.getConnection().execute<{ name: string }[]>(`select name from ${MIGRATIONS_TABLE}`);
    const applied = new Set(rows.map((row) => row.name));
    return migrations.every((migration) => applied.has(migration.name));
  } catch {
    return false;
  }
}

/** Complete, since {@link createPgliteTemplate} renames it into place only once closed. */
function isPgliteTemplate(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/**
 * False when the copy failed (the template replaced by a build meanwhile, a disk error): the
 * caller runs initdb instead, which is slower but needs nothing outside DATA_DIR.
 */
async function copied(template: string, staging: string): Promise<boolean> {
  try {
    await copyTree(template, staging);
    return true;
  } catch {
    await rm(staging, { recursive: true, force: true });
    return false;
  }
}

/**
 * A database directory holds about a thousand small files: copied in parallel, it takes a third
 * of fs.cp's time. Copy-on-write clones where the file system has them (btrfs, XFS), copies elsewhere.
 */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? copyTree(join(from, entry.name), join(to, entry.name)) : copyFile(join(from, entry.name), join(to, entry.name), constants.COPYFILE_FICLONE),
    ),
  );
}
