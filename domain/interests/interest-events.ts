import { domainEvent, type EventStamp } from '../shared/domain-event';
import type { Money } from '../shared/money';
import type { Interest } from './interest';

export const interestsUpdated = (companyId: string, userId: string, interests: readonly Interest[], stamp: EventStamp) =>
  domainEvent(
    'InterestsUpdated',
    companyId,
    { userId, interests: interests.map((i) => ({ dimension: i.dimension, value: i.value, weight: i.weight, source: i.source })) },
    stamp,
  );

export const watchlistChanged = (
  companyId: string,
  userId: string,
  productId: string,
  action: 'added' | 'updated' | 'removed',
  targetPrice: Money | null,
  stamp: EventStamp,
) => domainEvent('WatchlistChanged', companyId, { userId, productId, action, targetPrice }, stamp);
