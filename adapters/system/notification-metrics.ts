// Prometheus figures for notifications (SPEC §3.8, §3.13): deliveries by trigger, channel and
// outcome, and the live sockets of this process, read at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { NotificationObserver } from '../../application/ports/realtime';

export interface SocketCounts {
  /** This process's authenticated sockets and the distinct users they belong to; null where no socket is served (the worker). */
  readonly sockets: () => { readonly sockets: number; readonly users: number } | null;
}

export class PrometheusNotificationMetrics implements NotificationObserver {
  private readonly deliveries: Counter<'trigger' | 'channel' | 'outcome'>;

  constructor(registry: Registry, source: SocketCounts) {
    const registers = [registry];
    this.deliveries = new Counter({
      name: 'notifications_total',
      help: 'Email and push deliveries of notifications by trigger, channel and outcome (sent, failed)',
      labelNames: ['trigger', 'channel', 'outcome'],
      registers,
    });
    new Gauge({
      name: 'realtime_sockets',
      help: 'Authenticated WebSocket connections on this process',
      registers,
      collect() {
        const counts = source.sockets();
        if (counts) this.set(counts.sockets);
      },
    });
    new Gauge({
      name: 'realtime_users',
      help: 'Distinct users with at least one authenticated WebSocket on this process',
      registers,
      collect() {
        const counts = source.sockets();
        if (counts) this.set(counts.users);
      },
    });
  }

  delivered(trigger: string, channel: string, outcome: 'sent' | 'failed'): void {
    this.deliveries.inc({ trigger, channel, outcome });
  }
}
