// The indexes behind the analytics queries' targets (SPEC §4: p95 ≤ 250 ms over
// 1M events, measured with bench/analytics): the event queries can read narrow index tuples
// instead of the heap's wide jsonb rows, except product views, which need properties.product_id.
// A first-seen-per-identity table kept at ingestion was tried and left out: it more than doubled
// PostgreSQL's CPU per ingested event (bench:ingest) and retention still missed the target.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206161500_analytics_query_indexes extends Migration {

  override async up(): Promise<void> {
    // Active users, their buckets and retention: index-only scans of the range.
    // It replaces the (company_id, "timestamp") index, which it serves as well.
    this.addSql(`create index "analytics_events_company_time_identity_idx" on "analytics_events" ("company_id", "timestamp") include ("user_id", "anonymous_id");`);
    this.addSql(`drop index "analytics_events_company_id_timestamp_idx";`);
    // The funnel's step events (index-only) and product views (by event name, then the heap) in range.
    this.addSql(`create index "analytics_events_track_idx" on "analytics_events" ("company_id", "event", "timestamp") include ("user_id", "anonymous_id") where "type" = 'track';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "analytics_events_track_idx";`);
    this.addSql(`create index "analytics_events_company_id_timestamp_idx" on "analytics_events" ("company_id", "timestamp");`);
    this.addSql(`drop index if exists "analytics_events_company_time_identity_idx";`);
  }

}
