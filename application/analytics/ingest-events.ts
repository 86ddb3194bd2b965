import {
  firstOfEachMessageId, rejection, timestampProblem, type AnalyticsEvent, type EventRejection,
} from '../../domain/analytics/analytics-event';
import { DAY_MS } from '../../domain/analytics/analytics-definitions';
import { analyticsEventsIngested, type AnalyticsEventsIngestedPayload } from '../../domain/analytics/analytics-events';
import { appError, type AppError } from '../../domain/shared/errors';
import { ok, type Result } from '../../domain/shared/result';
import type { ApiKeyPrincipal } from '../identity/authenticate-api-key';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { RateLimiter } from '../ports/rate-limiter';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface IngestEventsInput {
  /** The company and key of the `X-Api-Key` (AuthenticateApiKey): the events' company, whatever the body says. */
  readonly principal: ApiKeyPrincipal;
  /** How many events the batch held, valid or not. */
  readonly total: number;
  /** The events whose shape was valid, with their positions in the batch. */
  readonly events: readonly { readonly index: number; readonly event: AnalyticsEvent }[];
  /** The events already refused for their shape or size. */
  readonly rejected: readonly EventRejection[];
}

export interface IngestOutcome {
  readonly accepted: number;
  readonly duplicates: number;
  /** By position in the batch. */
  readonly rejected: readonly EventRejection[];
}

/** Told of every stored batch, after its commit (figures, and the ClickHouse journal's drainer). */
export interface IngestionObserver {
  ingested(companyId: string, outcome: { readonly accepted: number; readonly duplicates: number; readonly rejected: number }): void;
}

export interface IngestEventsOptions {
  /** Events older than this many days are refused: they would be dropped at once. */
  readonly retentionDays: number;
}

/**
 * SDK ingestion (SPEC §3.9): refuses event by event, dedupes by messageId per company and
 * answers only once the accepted events are durable (the transaction committed).
 */
export class IngestEvents {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly limiter: RateLimiter,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly observer: IngestionObserver,
    private readonly options: IngestEventsOptions,
  ) {}

  async execute(input: IngestEventsInput): Promise<Result<IngestOutcome, AppError<'rate_limited'>>> {
    const { companyId, keyId } = input.principal;
    const decision = await this.limiter.consume(keyId, Math.max(1, input.total));
    if (!decision.allowed) {
      return { ok: false, error: appError('rate_limited', 'This API key sent more events than its allowance; retry later', { retryAfterSeconds: decision.retryAfterSeconds }) };
    }
    const now = this.clock.now();
    const oldest = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    const rejected = [...input.rejected];
    const timely: AnalyticsEvent[] = [];
    for (const { index, event } of input.events) {
      const problem = timestampProblem(event.timestamp, now, oldest);
      if (problem) rejected.push(rejection(index, 'timestamp_out_of_range', problem));
      else timely.push(event);
    }
    const { unique, repeated } = firstOfEachMessageId(timely);
    const stored = await this.uow.run<AnalyticsEventsIngestedPayload, never>(async (tx) => {
      const outcome = await tx.analyticsEvents.append(companyId, unique, now);
      const counts = { keyId, accepted: outcome.accepted, duplicates: outcome.duplicates + repeated, rejected: rejected.length };
      await tx.outbox.add(analyticsEventsIngested(companyId, counts, { id: this.ids.next(), occurredAt: now }));
      return ok(counts);
    });
    if (!stored.ok) return stored;
    const { accepted, duplicates } = stored.value;
    this.observer.ingested(companyId, { accepted, duplicates, rejected: rejected.length });
    return ok({ accepted, duplicates, rejected: rejected.sort((a, b) => a.index - b.index) });
  }
}
