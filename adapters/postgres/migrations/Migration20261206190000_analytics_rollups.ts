// The daily rollup behind active users and retention on PostgreSQL (SPEC §4: p95 ≤ 250 ms over
// 1M events), after TimescaleDB's real-time aggregates: rolled-up days are read from the rollup,
// the rest from the events, so an answer never waits for the rollup and never differs from one
// computed from the events alone.
// - `batch_seq` on each event: its batch's number from `analytics_event_batches`, so a run reads
//   only the events of batches after the last it rolled up (`analytics_rollup_progress`), through
//   (company_id, batch_seq), which stays small: a batch's rows share one key (deduplicated).
//   Events stored before this migration have 0, and the first run takes them all.
// - `analytics_rollup_marks`: the (company, day) pairs whose events the rollup may lack. Ingestion
//   adds `claim = 0` in its own transaction; a run claims them (a claim number of its own), rolls
//   up and deletes its claimed marks in the transaction that advances the progress. A day is
//   read from the rollup only while no mark of it exists.
// - `analytics_daily_identities`: each identity active on a UTC day, with its first event of that day.
// - `analytics_first_seen`: each identity's first event ever, over the rolled-up events (cohorts).
// Days with events from before this migration are marked, so they are read from the events until then.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206190000_analytics_rollups extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence "analytics_event_batches";`);
    this.addSql(`alter table "analytics_events" add column "batch_seq" bigint not null default 0;`);
    this.addSql(`create index "analytics_events_batch_idx" on "analytics_events" ("company_id", "batch_seq");`);
    this.addSql(`create table "analytics_rollup_progress" ("company_id" text not null, "rolled_to" bigint not null, constraint "analytics_rollup_progress_pkey" primary key ("company_id"));`);
    this.addSql(`create table "analytics_rollup_marks" ("company_id" text not null, "day" date not null, "claim" bigint not null default 0, "claimed_at" timestamptz null, constraint "analytics_rollup_marks_pkey" primary key ("company_id", "day", "claim"));`);
    this.addSql(`create sequence "analytics_rollup_claims";`);
    this.addSql(`create table "analytics_daily_identities" ("company_id" text not null, "day" date not null, "identity" text not null, "first_at" timestamptz not null, constraint "analytics_daily_identities_pkey" primary key ("company_id", "day", "identity"));`);
    this.addSql(`create table "analytics_first_seen" ("company_id" text not null, "identity" text not null, "first_at" timestamptz not null, constraint "analytics_first_seen_pkey" primary key ("company_id", "identity"));`);
    this.addSql(`create index "analytics_first_seen_time_idx" on "analytics_first_seen" ("company_id", "first_at") include ("identity");`);
    this.addSql(`insert into "analytics_rollup_marks" ("company_id", "day") select distinct "company_id", ("timestamp" at time zone 'UTC')::date from "analytics_events";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "analytics_first_seen";`);
    this.addSql(`drop table if exists "analytics_daily_identities";`);
    this.addSql(`drop sequence if exists "analytics_rollup_claims";`);
    this.addSql(`drop table if exists "analytics_rollup_marks";`);
    this.addSql(`drop table if exists "analytics_rollup_progress";`);
    this.addSql(`drop index if exists "analytics_events_batch_idx";`);
    this.addSql(`alter table "analytics_events" drop column if exists "batch_seq";`);
    this.addSql(`drop sequence if exists "analytics_event_batches";`);
  }

}
