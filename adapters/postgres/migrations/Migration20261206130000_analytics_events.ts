// SDK events (SPEC §3.9): the dedupe keys in a table of their own (a unique index on a partitioned
// table must include its partition key), the events partitioned by month of their timestamp, and
// the journal that feeds ClickHouse when it is the event store. These tables have no MikroORM
// entity: `schemaGenerator.skipTables` keeps the schema diff off them.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206130000_analytics_events extends Migration {

  override async up(): Promise<void> {
    // Byte-wise comparison ("C") for opaque ids: the same equality as any deterministic collation, cheaper in the key's btree.
    this.addSql(`create table "analytics_event_keys" ("company_id" text collate "C" not null, "message_id" text collate "C" not null, "received_at" timestamptz not null, constraint "analytics_event_keys_pkey" primary key ("company_id", "message_id"));`);

    this.addSql(`create table "analytics_events" ("company_id" text not null, "message_id" text not null, "type" text not null, "event" text null, "name" text null, "user_id" text null, "anonymous_id" text null, "properties" jsonb not null, "traits" jsonb not null, "timestamp" timestamptz not null, "received_at" timestamptz not null) partition by range ("timestamp");`);
    this.addSql(`create index "analytics_events_company_id_timestamp_idx" on "analytics_events" ("company_id", "timestamp");`);
    // This month's and the next, so a new database takes events at once; the app makes later ones.
    const now = new Date();
    for (const month of [0, 1]) this.addSql(monthPartition(now.getUTCFullYear(), now.getUTCMonth() + month));

    // `events`: a batch as the text ClickHouse takes in, opaque here: jsonb would be parsed and
    // stored at several times the CPU. Compressed with lz4 where the server has it (the next migration).
    this.addSql(`create table "analytics_journal" ("id" bigserial primary key, "company_id" text not null, "received_at" timestamptz not null, "events" text not null, "claimed_until" timestamptz null, "attempts" int not null default 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "analytics_journal" cascade;`);
    this.addSql(`drop table if exists "analytics_events" cascade;`);
    this.addSql(`drop table if exists "analytics_event_keys" cascade;`);
  }

}

/** `month` counted from January of `year` = 0; Date.UTC carries it into the next year. */
function monthPartition(year: number, month: number): string {
  const start = new Date(Date.UTC(year, month, 1));
  const end = new Date(Date.UTC(year, month + 1, 1));
  const name = `analytics_events_${start.toISOString().slice(0, 7).replace('-', '')}`;
  return `create table "${name}" partition of "analytics_events" for values from ('${start.toISOString()}') to ('${end.toISOString()}');`;
}
