import { tagsInvalidatedBy } from '../../application/cache/cache-keys';
import type { ConsumerSpec, EventConsumer } from '../../application/ports/message-bus';

export const CACHE_INVALIDATION_QUEUE: ConsumerSpec = {
  name: 'cache-invalidation',
  eventTypes: ['ProductUpserted', 'PriceChanged', 'StockChanged', 'OrderPlaced', 'OrderStatusChanged', 'InterestsUpdated', 'AnalyticsEventsIngested'],
};

/**
 * Domain events → cache tags (SPEC §3.6). The writing process already drops the same tags
 * right after its commit; this durable pass, with the bus's retries, covers a cache that was
 * unreachable at that moment and caches of other processes.
 */
export function cacheInvalidationConsumer(cache: { invalidateOrThrow(tags: readonly string[]): Promise<number> }): EventConsumer {
  return {
    ...CACHE_INVALIDATION_QUEUE,
    async handle({ event }) {
      const tags = tagsInvalidatedBy(event);
      if (tags.length > 0) await cache.invalidateOrThrow(tags);
    },
  };
}
