// Opens the relational store: PostgreSQL when a URL is given, embedded PGlite otherwise,
// through the same MikroORM mappings and migrations.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
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
