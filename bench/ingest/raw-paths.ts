// bench/ingest's baselines: the same rows written straight into the store the API writes to,
// with no HTTP, validation, authentication, transaction or outbox; and the counts that show
// what each path stored.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { parseClickHouseUrl, quoteIdentifier, sqlString } from '../../adapters/clickhouse/clickhouse-client';
import { EVENTS_TABLE, eventLines, INSERT_LINES } from '../../adapters/clickhouse/clickhouse-event-rows';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import type { SdkEvent } from './events';
import type { Job } from './lanes';

/** A store's raw writer. */
export interface RawPath {
  /** Prepares each batch now, before the clock starts (as the HTTP bodies are made beforehand too); the jobs write them. */
  jobs(batches: readonly (readonly SdkEvent[])[]): Job[];
  close(): Promise<void>;
}

export interface StoredCounts {
  readonly rows: number;
  readonly distinctMessageIds: number;
}

// Keys are claimed in messageId order and only the rows whose key was new are stored, as the
// adapter (MikroOrmAnalyticsEventLog) does, so the dedupe work is the same. `claimed` and the
// final insert are the adapter's; `batch` reads the rows from one array per column (the cheaper
// for PostgreSQL, measured here) or from one JSON text (the adapter's way).
const CLAIM_AND_INSERT = `claimed as (
    insert into analytics_event_keys (company_id, message_id, received_at)
    select $2, message_id, $3 from batch order by position
    on conflict do nothing
    returning message_id
  )
  insert into analytics_events (company_id, message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", received_at)
  select $2, message_id, type, event, name, user_id, anonymous_id, properties::jsonb, traits::jsonb, "timestamp", $3
  from batch join claimed using (message_id)`;

const FROM_RECORDSET = `with batch as (
    select * from rows from (jsonb_to_recordset($1::jsonb) as (
      "messageId" text, type text, event text, name text, "userId" text, "anonymousId" text,
      properties jsonb, traits jsonb, "timestamp" timestamptz))
    with ordinality as given(message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", position)
  ),
  ${CLAIM_AND_INSERT}`;

const FROM_UNNEST = `with batch as (
    select * from unnest($1::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
    with ordinality as given(message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", position)
  ),
  ${CLAIM_AND_INSERT}`;

/** How the raw path hands PostgreSQL a batch: one array per column, or one JSON text. */
export type RawStatement = 'recordset' | 'unnest';

const byMessageId = (a: SdkEvent, b: SdkEvent) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

/** A PostgreSQL array literal of text, made here so the clock does not time the driver making it. */
const arrayLiteral = (values: readonly (string | null)[]): string =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;

/** The statement and its parameters but the company and the time received ($2, $3). */
function prepared(statement: RawStatement, batch: readonly SdkEvent[]): { sql: string; rows: string[] } {
  const sorted = [...batch].sort(byMessageId);
  if (statement === 'recordset') {
    const records = sorted.map((e) => ({
      messageId: e.messageId, type: e.type, event: e.type === 'track' ? (e.event ?? null) : null, name: e.name ?? null,
      userId: e.userId ?? null, anonymousId: e.anonymousId, properties: e.properties ?? {}, traits: e.traits ?? {}, timestamp: e.timestamp,
    }));
    return { sql: FROM_RECORDSET, rows: [JSON.stringify(records)] };
  }
  const columns = [
    sorted.map((e) => e.messageId),
    sorted.map((e) => e.type),
    sorted.map((e) => (e.type === 'track' ? (e.event ?? null) : null)),
    sorted.map((e) => e.name ?? null),
    sorted.map((e) => e.userId ?? null),
    sorted.map((e) => e.anonymousId),
    sorted.map((e) => JSON.stringify(e.properties ?? {})),
    sorted.map((e) => JSON.stringify(e.traits ?? {})),
    sorted.map((e) => e.timestamp),
  ];
  return { sql: FROM_UNNEST, rows: columns.map(arrayLiteral) };
}

/** One autocommitted statement per 1000-row batch, one connection per client. */
export async function postgresRawPath(url: string, companyId: string, clients: number, statement: RawStatement): Promise<RawPath> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  return {
    jobs: (batches) =>
      batches.map((batch) => {
        const { sql, rows } = prepared(statement, batch);
        const [first, ...rest] = rows;
        return async (lane) => void (await connections[lane]!.query(sql, [first, companyId, new Date(), ...rest]));
      }),
    async close() {
      await Promise.all(connections.map((client) => client.end()));
    },
  };
}

/** The company's rows in the events table, on `client` (connected to the run's database). */
export async function postgresCounts(client: pg.Client, companyId: string): Promise<StoredCounts> {
  const { rows } = await client.query<{ n: number; d: number }>(
    'select count(*)::int as n, count(distinct message_id)::int as d from analytics_events where company_id = $1',
    [companyId],
  );
  return { rows: rows[0]!.n, distinctMessageIds: rows[0]!.d };
}

/** A ClickHouse database of the bench's own on the server of `serverUrl` (its path is ignored). */
export interface ThrowawayClickHouse {
  /** `serverUrl` pointed at the new database: the API's CLICKHOUSE_URL. */
  readonly url: string;
  readonly client: ClickHouseClient;
  drop(): Promise<void>;
}

export async function createThrowawayClickHouse(serverUrl: string, name: string): Promise<ThrowawayClickHouse> {
  const { server, username, password } = parseClickHouseUrl(serverUrl);
  const admin = createClient({ url: server, username, password, database: 'system' });
  await admin.command({ query: `create database ${quoteIdentifier(name)}` });
  const client = createClient({ url: server, username, password, database: name });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    client,
    async drop() {
      await client.close();
      await admin.command({ query: `drop database if exists ${quoteIdentifier(name)}` });
      await admin.close();
    },
  };
}

const analyticsEventOf = (e: SdkEvent): AnalyticsEvent => ({
  messageId: e.messageId,
  type: e.type,
  event: e.type === 'track' ? (e.event ?? null) : null,
  name: e.name ?? null,
  userId: e.userId ?? null,
  anonymousId: e.anonymousId,
  properties: e.properties ?? {},
  traits: e.traits ?? {},
  timestamp: new Date(e.timestamp),
});

/**
 * One INSERT per 1000-row batch into the events table the API's store created, of the lines the
 * store's drain sends (`eventLines`). No dedupe: that stays in PostgreSQL.
 */
export function clickHouseRawPath(client: ClickHouseClient, companyId: string): RawPath {
  return {
    jobs: (batches) =>
      batches.map((batch) => {
        const lines = eventLines(randomUUID(), companyId, new Date(), batch.map(analyticsEventOf));
        return async () => {
          const { stream } = await client.exec({ query: INSERT_LINES, values: Readable.from([lines], { objectMode: false }) });
          stream.resume();
          await finished(stream);
        };
      }),
    async close() {},
  };
}

export async function clickHouseCounts(client: ClickHouseClient, companyId: string): Promise<StoredCounts> {
  const result = await client.query({
    query: `select count() as n, uniqExact(message_id) as d from ${EVENTS_TABLE} where company_id = ${sqlString(companyId)}`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string | number; d: string | number }>();
  return { rows: Number(row?.n ?? 0), distinctMessageIds: Number(row?.d ?? 0) };
}
