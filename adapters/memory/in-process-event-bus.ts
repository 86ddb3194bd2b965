import type { EventPublisher } from '../../application/ports/event-publisher';
import type { DomainEvent } from '../../domain/shared/domain-event';

export type EventHandler = (event: DomainEvent) => Promise<void>;

/** Delivers published events to in-process subscribers, in order, awaiting each. */
export class InProcessEventBus implements EventPublisher {
  private readonly handlers = new Map<string, EventHandler[]>();

  /** `type` '*' receives every event. */
  subscribe(type: string, handler: EventHandler): () => void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
    return () => this.handlers.set(type, (this.handlers.get(type) ?? []).filter((h) => h !== handler));
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      for (const handler of [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])]) {
        await handler(event);
      }
    }
  }
}
