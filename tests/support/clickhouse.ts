// A real ClickHouse for the event store suites, at TEST_CLICKHOUSE_URL (default
// http://127.0.0.1:8123, Debian's clickhouse-server that .ci/run starts). Each suite gets a
// database of its own, dropped afterwards. With CI=true an unreachable server fails the suite;
// elsewhere the suite is skipped with a loud message.
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { randomBytes } from 'node:crypto';

export const TEST_CLICKHOUSE_URL = process.env.TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';

/** Runs one statement against the server at `url` (its `system` database), then lets go. */
export async function clickhouseCommand(query: string, url = TEST_CLICKHOUSE_URL): Promise<void> {
  const client = createClient({ url, database: 'system', request_timeout: 5000, log: { level: ClickHouseLogLevel.OFF } });
  try {
    await client.command({ query });
  } finally {
    await client.close();
  }
}

let reachable: Promise<boolean> | undefined;

/** Whether the test ClickHouse answers. Throws under CI, where skipping is not allowed. */
export function clickhouseAvailable(): Promise<boolean> {
  reachable ??= clickhouseCommand('select 1').then(
    () => true,
    (error: unknown) => {
      if (process.env.CI === 'true') {
        throw new Error(`ClickHouse at ${TEST_CLICKHOUSE_URL} is unreachable and CI=true forbids skipping: ${String(error)}`);
      }
      console.warn(`\n*** SKIPPED: ClickHouse at ${TEST_CLICKHOUSE_URL} is unreachable (${String(error)}) ***\n`);
      return false;
    },
  );
  return reachable;
}

export interface TestClickHouseDatabase {
  /** The server's URL with the database as its path, as CLICKHOUSE_URL takes it. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A name for a new database on `server`; `openClickHouse` creates it, `drop` removes it. */
export function newClickHouseDatabase(server = TEST_CLICKHOUSE_URL): TestClickHouseDatabase {
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => clickhouseCommand(`drop database if exists ${name}`, server) };
}
