import type { Actor } from '../../domain/identity/actor';
import { ingestionLagSeconds } from '../analytics/ingestion-lag';
import type { IngestionCounts, RecentIngestion } from '../analytics/recent-ingestion';
import type { AnalyticsEventStore, AnalyticsStoreKind } from '../ports/analytics-event-store';
import type { AppError } from '../../domain/shared/errors';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { BusAdministration, BusStats } from '../ports/message-bus';
import type { OutboxStore } from '../ports/outbox';
import { requireRole } from '../shared/authorize';

export interface SystemStatus extends BusStats {
  readonly outbox: { readonly pending: number; readonly oldestPendingSeconds: number };
  /** Whether the bus answered; when it did not, its figures are empty and `error` says why. */
  readonly bus: { readonly reachable: boolean; readonly error?: string };
  /** SDK ingestion in this process over the last minute, and the store's lag (null when the store does not answer). */
  readonly analytics: {
    readonly store: AnalyticsStoreKind;
    readonly acceptedLastMinute: number;
    readonly duplicatesLastMinute: number;
    readonly rejectedLastMinute: number;
    readonly lagSeconds: number | null;
  };
  /** This process's authenticated WebSockets and the distinct users they belong to (SPEC §3.8). */
  readonly realtime: RealtimeFigures;
}

export interface RealtimeFigures {
  readonly sockets: number;
  readonly users: number;
}

export interface AnalyticsFigures {
  readonly store: Pick<AnalyticsEventStore, 'kind' | 'oldestPending'>;
  readonly recent: Pick<RecentIngestion, 'lastMinute'>;
}

const lastMinute = (counts: IngestionCounts) => ({
  acceptedLastMinute: counts.accepted,
  duplicatesLastMinute: counts.duplicates,
  rejectedLastMinute: counts.rejected,
});

const NO_BUS_FIGURES: BusStats = { queues: [], deadLetters: { total: 0, byQueue: {} }, consumers: [] };

/**
 * The operator's view of messaging (SPEC §3.7): outbox lag, queue depths, dead letters and
 * consumer status. System-wide figures, no tenant data, for admins and owners. An
 * unreachable broker is reported, not raised: that is when the outbox lag matters most.
 */
export class GetSystemStatus {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly bus: BusAdministration,
    private readonly clock: Clock,
    private readonly analytics: AnalyticsFigures,
    /** Zeros where this process serves no socket. */
    private readonly realtime: () => RealtimeFigures = () => ({ sockets: 0, users: 0 }),
  ) {}

  async execute(actor: Actor): Promise<Result<SystemStatus, AppError<'forbidden'>>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    const [lag, bus, analyticsLag] = await Promise.all([
      this.outbox.lag(),
      this.busFigures(),
      ingestionLagSeconds(this.analytics.store, this.clock.now()).catch(() => null),
    ]);
    const oldest = lag.oldestOccurredAt ? Math.max(0, (this.clock.now().getTime() - lag.oldestOccurredAt.getTime()) / 1000) : 0;
    return ok({
      outbox: { pending: lag.pending, oldestPendingSeconds: Math.round(oldest * 1000) / 1000 },
      ...bus.stats,
      bus: bus.reachability,
      analytics: { store: this.analytics.store.kind, ...lastMinute(this.analytics.recent.lastMinute()), lagSeconds: analyticsLag },
      realtime: this.realtime(),
    });
  }

  private async busFigures(): Promise<{ stats: BusStats; reachability: SystemStatus['bus'] }> {
    try {
      return { stats: await this.bus.stats(), reachability: { reachable: true } };
    } catch (error) {
      return { stats: NO_BUS_FIGURES, reachability: { reachable: false, error: error instanceof Error ? error.message : String(error) } };
    }
  }
}
