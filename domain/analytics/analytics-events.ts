// Events of the analytics pipeline (SPEC §3.7 envelope).
import { domainEvent, type DomainEvent, type EventStamp } from '../shared/domain-event';

/** One accepted ingestion batch: counts only, never the events (SPEC §3.9). */
export interface AnalyticsEventsIngestedPayload {
  readonly keyId: string;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}
export type AnalyticsEventsIngested = DomainEvent<'AnalyticsEventsIngested', AnalyticsEventsIngestedPayload>;

export const analyticsEventsIngested = (companyId: string, counts: AnalyticsEventsIngestedPayload, stamp: EventStamp): AnalyticsEventsIngested =>
  domainEvent('AnalyticsEventsIngested', companyId, counts, stamp);
