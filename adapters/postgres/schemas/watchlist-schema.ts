// PLACEHOLDER: replaced by the real mapping.
import { EntitySchema } from '@mikro-orm/postgresql';

export const WatchlistSchema = new EntitySchema<{ id: string }>({
  name: 'WatchlistRow',
  tableName: 'placeholder_watchlist',
  properties: { id: { type: 'text', primary: true } },
});
