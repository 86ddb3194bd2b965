// Every migration, in order. Listed explicitly so they load the same under tsx, vitest
// and a bundler; `npm run cli -- migration:create` writes new files here to add.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124101747_initial } from './Migration20261124101747_initial';
import { Migration20261124105309_product_popularity_index } from './Migration20261124105309_product_popularity_index';
import { Migration20261124111458_search_vector } from './Migration20261124111458_search_vector';
import { Migration20261125052806_outbox_leases_and_inbox } from './Migration20261125052806_outbox_leases_and_inbox';
import { Migration20261125073436_vision_boards } from './Migration20261125073436_vision_boards';
import { Migration20261206093048_graph_rebuilds } from './Migration20261206093048_graph_rebuilds';
import { Migration20261206130000_analytics_events } from './Migration20261206130000_analytics_events';
import { Migration20261206153000_analytics_journal_lz4 } from './Migration20261206153000_analytics_journal_lz4';
import { Migration20261206161500_analytics_query_indexes } from './Migration20261206161500_analytics_query_indexes';
import { Migration20261206170000_analytics_viewed_product } from './Migration20261206170000_analytics_viewed_product';
import { Migration20261206190000_analytics_rollups } from './Migration20261206190000_analytics_rollups';
import { Migration20261206200000_notifications } from './Migration20261206200000_notifications';

export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124101747_initial', class: Migration20261124101747_initial },
  { name: 'Migration20261124105309_product_popularity_index', class: Migration20261124105309_product_popularity_index },
  { name: 'Migration20261124111458_search_vector', class: Migration20261124111458_search_vector },
  { name: 'Migration20261125052806_outbox_leases_and_inbox', class: Migration20261125052806_outbox_leases_and_inbox },
  { name: 'Migration20261125073436_vision_boards', class: Migration20261125073436_vision_boards },
  { name: 'Migration20261206093048_graph_rebuilds', class: Migration20261206093048_graph_rebuilds },
  { name: 'Migration20261206130000_analytics_events', class: Migration20261206130000_analytics_events },
  { name: 'Migration20261206153000_analytics_journal_lz4', class: Migration20261206153000_analytics_journal_lz4 },
  { name: 'Migration20261206161500_analytics_query_indexes', class: Migration20261206161500_analytics_query_indexes },
  { name: 'Migration20261206170000_analytics_viewed_product', class: Migration20261206170000_analytics_viewed_product },
  { name: 'Migration20261206190000_analytics_rollups', class: Migration20261206190000_analytics_rollups },
  { name: 'Migration20261206200000_notifications', class: Migration20261206200000_notifications },
];
