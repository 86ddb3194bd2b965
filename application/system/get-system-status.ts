import type { Actor } from '../../domain/identity/actor';
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
}

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
  ) {}

  async execute(actor: Actor): Promise<Result<SystemStatus, AppError<'forbidden'>>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    const [lag, bus] = await Promise.all([this.outbox.lag(), this.busFigures()]);
    const oldest = lag.oldestOccurredAt ? Math.max(0, (this.clock.now().getTime() - lag.oldestOccurredAt.getTime()) / 1000) : 0;
    return ok({ outbox: { pending: lag.pending, oldestPendingSeconds: Math.round(oldest * 1000) / 1000 }, ...bus.stats, bus: bus.reachability });
  }

  private async busFigures(): Promise<{ stats: BusStats; reachability: SystemStatus['bus'] }> {
    try {
      return { stats: await this.bus.stats(), reachability: { reachable: true } };
    } catch (error) {
      return { stats: NO_BUS_FIGURES, reachability: { reachable: false, error: error instanceof Error ? error.message : String(error) } };
    }
  }
}
