// Real databases for contract and integration suites. PostgreSQL comes from
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); each suite gets a
// database of its own, dropped afterwards. With CI=true an unreachable server fails the
// suite; elsewhere the suite is skipped with a loud message.
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../adapters/postgres/database';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type StoreKind = 'memory' | 'pglite' | 'postgres';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let reachable: Promise<boolean> | undefined;

/** Whether the PostgreSQL test server answers. Throws under CI, where skipping is not allowed. */
export function postgresAvailable(): Promise<boolean> {
  reachable ??= adminQuery('select 1').then(
    () => true,
    (error: unknown) => {
      if (process.env.CI === 'true') {
        throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is unreachable and CI=true forbids skipping: ${String(error)}`);
      }
      console.warn(`\n*** SKIPPED: PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${String(error)}) ***\n`);
      return false;
    },
  );
  return reachable;
}

export interface TestDatabase {
  readonly orm: MikroORM;
  readonly url: string | null;
  close(): Promise<void>;
}

/** A new, empty PostgreSQL database (no migrations applied), for tests of what a start does to it. */
export async function createEmptyPostgresDatabase(): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** A fresh, migrated database: a new PostgreSQL database, or an in-memory PGlite. */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const orm = await openDatabase({ kind: 'pglite' });
    return { orm, url: null, close: () => orm.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  const orm = await openDatabase({ kind: 'postgres', url: empty.url, poolSize: 20 });
  return {
    orm,
    url: empty.url,
    async close() {
      await orm.close(true);
      await empty.drop();
    },
  };
}
