import type { DomainEvent } from '../../domain/shared/domain-event';

/** Delivers committed events to whoever listens (in-process now, RabbitMQ later). */
export interface EventPublisher {
  /** Resolves once every event is handed over; throws when delivery failed (the relay retries). */
  publish(events: readonly DomainEvent[]): Promise<void>;
}
