// Live push (SPEC §3.8): a message for one user, to every socket of theirs on every API
// replica. Published by whoever sends (the worker, or the embedded process), fanned out to each
// replica (RabbitMQ's `conversion.realtime`, or in-process), and written to the local sockets.
import type { Notification } from '../../domain/notifications/notification';

export type RealtimeMessage =
  | { readonly type: 'notification'; readonly notification: Notification }
  | { readonly type: 'report.progress'; readonly reportId: string; readonly status: string; readonly progress: number };

export interface RealtimeEnvelope {
  readonly companyId: string;
  readonly userId: string;
  readonly message: RealtimeMessage;
}

export interface RealtimePublisher {
  /** Hands the message to every replica; resolves once the transport took it (not once a socket got it). */
  publish(envelope: RealtimeEnvelope): Promise<void>;
}

/** An API replica's side: every envelope published anywhere, once, while subscribed. */
export interface RealtimeSubscriber {
  /** Starts handing envelopes to `handler`; resolves with how to stop. */
  subscribe(handler: (envelope: RealtimeEnvelope) => void): Promise<() => Promise<void>>;
}

/** Counts notifications by trigger, channel and outcome (Prometheus in production). */
export interface NotificationObserver {
  delivered(trigger: string, channel: string, outcome: 'sent' | 'failed'): void;
}

export const ignoreNotifications: NotificationObserver = { delivered: () => undefined };
