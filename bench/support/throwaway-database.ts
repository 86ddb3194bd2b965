// A PostgreSQL database of its own for one bench run, so a run neither reads nor leaves
// anything in another's tables, and dropping it afterwards removes everything it wrote.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server a bench creates its databases on (BENCH_DATABASE_URL), connected to as an admin. */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayDatabase {
  readonly name: string;
  /** The admin URL pointed at the new database. */
  readonly url: string;
  /** Drops the database even while connections are open, then closes the admin connection. */
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random hex>` on the admin server. */
export async function createThrowawayDatabase(prefix: string, adminUrl = BENCH_ADMIN_URL): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
