// Notifications (SPEC §3.8), written by raw SQL (no entities: `schemaGenerator.skipTables`).
// - `notifications`: one row per (company, user, trigger, occurrence), the unique key that makes
//   a notification at most once per cause. `in_inbox` says whether the inbox shows it (the inbox
//   channel is this flag, not a delivery row). The inbox pages newest first by (created_at, id),
//   with a partial index for its unread part.
// - `notification_deliveries`: one row per email/push send, pending → sending (taken) → sent or
//   failed; partial indexes serve the taker of a notification, the sweep of pending rows and the
//   sweep of stale `sending` rows.
// - `notification_preferences`: only the (trigger, channel) pairs a user has set.
// - `watchlist.reference_*`: the price a watch without a target compares with (null before this).
// Ids and keys are compared byte-wise ("C"): they are opaque, and ties then order by code point
// in every store.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206200000_notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notifications" ("id" text collate "C" not null, "company_id" text collate "C" not null, "user_id" text collate "C" not null, "trigger" text collate "C" not null, "occurrence" text collate "C" not null, "title" text not null, "body" text not null, "data" jsonb not null, "in_inbox" boolean not null, "created_at" timestamptz not null, "read_at" timestamptz null, constraint "notifications_pkey" primary key ("id"), constraint "notifications_occurrence_key" unique ("company_id", "user_id", "trigger", "occurrence"));`);
    this.addSql(`create index "notifications_inbox_idx" on "notifications" ("company_id", "user_id", "created_at" desc, "id" desc) where "in_inbox";`);
    this.addSql(`create index "notifications_unread_idx" on "notifications" ("company_id", "user_id", "created_at" desc, "id" desc) where "in_inbox" and "read_at" is null;`);
    this.addSql(`create table "notification_deliveries" ("id" text collate "C" not null, "company_id" text collate "C" not null, "user_id" text collate "C" not null, "trigger" text collate "C" not null, "occurrence" text collate "C" not null, "channel" text collate "C" not null, "notification_id" text collate "C" not null, "status" text not null, "created_at" timestamptz not null, "taken_at" timestamptz null, "finished_at" timestamptz null, constraint "notification_deliveries_pkey" primary key ("id"), constraint "notification_deliveries_occurrence_key" unique ("company_id", "user_id", "trigger", "occurrence", "channel"), constraint "notification_deliveries_notification_fk" foreign key ("notification_id") references "notifications" ("id") on delete cascade, constraint "notification_deliveries_channel_check" check ("channel" in ('email', 'push')), constraint "notification_deliveries_status_check" check ("status" in ('pending', 'sending', 'sent', 'failed')));`);
    this.addSql(`create index "notification_deliveries_notification_idx" on "notification_deliveries" ("notification_id") where "status" = 'pending';`);
    this.addSql(`create index "notification_deliveries_pending_idx" on "notification_deliveries" ("created_at", "id") where "status" = 'pending';`);
    this.addSql(`create index "notification_deliveries_sending_idx" on "notification_deliveries" ("taken_at") where "status" = 'sending';`);
    this.addSql(`create table "notification_preferences" ("company_id" text collate "C" not null, "user_id" text collate "C" not null, "trigger" text collate "C" not null, "channel" text collate "C" not null, "enabled" boolean not null, constraint "notification_preferences_pkey" primary key ("company_id", "user_id", "trigger", "channel"));`);
    this.addSql(`alter table "watchlist" add column "reference_cents" int null, add column "reference_currency" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "watchlist" drop column if exists "reference_currency", drop column if exists "reference_cents";`);
    this.addSql(`drop table if exists "notification_preferences";`);
    this.addSql(`drop table if exists "notification_deliveries";`);
    this.addSql(`drop table if exists "notifications";`);
  }

}
