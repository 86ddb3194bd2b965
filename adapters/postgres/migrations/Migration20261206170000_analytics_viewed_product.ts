// Product views without reading each event's jsonb from the heap: the viewed product is stored
// as a generated column (computed by PostgreSQL when the row is written) and a partial index
// holds it beside the time, so `top-products?by=views` is an index-only scan of the views in
// range. The expression is the one definition of a view (domain/analytics/analytics-definitions.ts:
// a `track` `Product Viewed` with a string `properties.product_id`). Adding the column rewrites
// the events table once; partitions made later copy it (`including generated`).
import { Migration } from '@mikro-orm/migrations';

const VIEWED_PRODUCT = `case when "type" = 'track' and "event" = 'Product Viewed' and jsonb_typeof("properties" -> 'product_id') = 'string'
  then "properties" ->> 'product_id' end`;

export class Migration20261206170000_analytics_viewed_product extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "analytics_events" add column "viewed_product_id" text generated always as (${VIEWED_PRODUCT}) stored;`);
    this.addSql(`create index "analytics_events_views_idx" on "analytics_events" ("company_id", "timestamp") include ("viewed_product_id") where "viewed_product_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "analytics_events_views_idx";`);
    this.addSql(`alter table "analytics_events" drop column if exists "viewed_product_id";`);
  }

}
