// Live push inside one process (the embedded API, and tests): what is published reaches every
// subscriber of this process, in order, after the publishing call returns.
import type { RealtimeEnvelope, RealtimePublisher, RealtimeSubscriber } from '../../application/ports/realtime';

export class InProcessRealtime implements RealtimePublisher, RealtimeSubscriber {
  private readonly handlers = new Set<(envelope: RealtimeEnvelope) => void>();

  async publish(envelope: RealtimeEnvelope): Promise<void> {
    // Later, as a broker would: a subscriber's work never runs inside the sender's call.
    const handlers = [...this.handlers];
    queueMicrotask(() => {
      for (const handler of handlers) handler(envelope);
    });
  }

  async subscribe(handler: (envelope: RealtimeEnvelope) => void): Promise<() => Promise<void>> {
    // Wrapped, so the same function subscribed twice is two subscriptions.
    const own = (envelope: RealtimeEnvelope) => handler(envelope);
    this.handlers.add(own);
    return async () => {
      this.handlers.delete(own);
    };
  }
}
