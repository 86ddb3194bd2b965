// How the ClickHouse adapters connect: `CLICKHOUSE_URL` like http://user:pass@host:8123/dbname
// (database `default` without a path). Requests time out well before a journal lease runs out,
// so a drainer never still has an insert in flight when another one may claim its rows.
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseOptions {
  readonly url: string;
  /** A request without an answer by then rejects. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

export interface ClickHouse {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly requestTimeoutMs: number;
  /** Resolves when the server answers; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_CLICKHOUSE_TIMEOUT_MS = 10_000;

interface ParsedUrl {
  /** The server's URL, without credentials or database. */
  readonly server: string;
  readonly database: string;
  readonly username: string;
  readonly password: string;
}

export function parseClickHouseUrl(url: string): ParsedUrl {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('CLICKHOUSE_URL must be an http(s):// URL');
  const path = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  if (path.includes('/')) throw new Error('CLICKHOUSE_URL names one database at most (http://host:8123/dbname)');
  return {
    server: `${parsed.protocol}//${parsed.host}`,
    database: path === '' ? 'default' : path,
    username: parsed.username === '' ? 'default' : decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/** Connects, and creates the URL's database when missing. Rejects when the server does not answer. */
export async function openClickHouse(options: ClickHouseOptions): Promise<ClickHouse> {
  const { server, database, username, password } = parseClickHouseUrl(options.url);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_CLICKHOUSE_TIMEOUT_MS;
  const base = {
    url: server,
    username,
    password,
    request_timeout: requestTimeoutMs,
    // The drainer reports an outage once; the client would log every failed request of it.
    log: { level: ClickHouseLogLevel.OFF },
  };
  // The `system` database always exists, so the URL's database can be created from it.
  const bootstrap = createClient({ ...base, database: 'system' });
  try {
    await bootstrap.command({ query: `create database if not exists ${quoteIdentifier(database)}` });
  } finally {
    await bootstrap.close();
  }
  const client = createClient({ ...base, database });
  return {
    client,
    database,
    requestTimeoutMs,
    async ping() {
      const result = await client.ping();
      if (!result.success) throw result.error;
    },
    close: () => client.close(),
  };
}

/**
 * A string literal, for servers without query parameters (`{name:Type}` came after 18.16): the
 * escapes ClickHouse's parser reads in single-quoted strings, so no value ends the literal.
 */
export function sqlString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** A backquoted identifier (database and table names). */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}
