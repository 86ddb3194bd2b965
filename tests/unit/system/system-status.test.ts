import { describe, expect, it } from 'vitest';
import type { BusAdministration, BusStats } from '../../../application/ports/message-bus';
import { RecentIngestion } from '../../../application/analytics/recent-ingestion';
import { GetSystemStatus, type AnalyticsFigures } from '../../../application/system/get-system-status';
import { ReplayDeadLetters } from '../../../application/system/replay-dead-letters';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryOutbox } from '../../../adapters/memory/in-memory-outbox';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import type { Actor } from '../../../domain/identity/actor';
import type { Role } from '../../../domain/identity/role';
import { domainEvent } from '../../../domain/shared/domain-event';

const actor = (role: Role): Actor => ({ userId: 'u', companyId: 'c', role });
const stats: BusStats = {
  queues: [{ name: 'interest-inference', messages: 3, consumers: 1 }, { name: 'interest-inference.dead', messages: 2, consumers: 0 }],
  deadLetters: { total: 2, byQueue: { 'interest-inference': 2 } },
  consumers: [{ name: 'interest-inference', eventTypes: ['OrderStatusChanged'], status: 'running' }],
};
/** A broker that answers with fixed figures, or (down) refuses every call as an unreachable one would. */
const broker = (down = false): BusAdministration => ({
  stats: async () => {
    if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5672');
    return stats;
  },
  replayDeadLetters: async (queue) => {
    if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5672');
    return queue === 'interest-inference' ? 2 : null;
  },
});

describe('GetSystemStatus', () => {
  const clock = new FixedClock(new Date('2026-05-01T12:00:00Z'));
  /** A journal whose oldest event waits 12.5 s, and a minute of ingestion in which older batches no longer count. */
  const analytics = (): AnalyticsFigures => {
    const recent = new RecentIngestion(clock);
    const start = clock.now();
    clock.set(new Date(start.getTime() - 61_000));
    recent.ingested('c', { accepted: 1000, duplicates: 1000, rejected: 1000 });
    clock.set(new Date(start.getTime() - 30_000));
    recent.ingested('c', { accepted: 7, duplicates: 2, rejected: 1 });
    clock.set(start);
    recent.ingested('c', { accepted: 3, duplicates: 0, rejected: 0 });
    return { store: { kind: 'clickhouse', oldestPending: async () => new Date(start.getTime() - 12_500) }, recent };
  };
  const analyticsBlock = { store: 'clickhouse', acceptedLastMinute: 10, duplicatesLastMinute: 2, rejectedLastMinute: 1, lagSeconds: 12.5 };
  const outboxWith = async (ageSeconds: number[]) => {
    const outbox = new InMemoryOutbox(new MemoryStore());
    for (const [i, age] of ageSeconds.entries()) {
      await outbox.add(domainEvent('Thing', 'c', {}, { id: `e${i}`, occurredAt: new Date(clock.now().getTime() - age * 1000) }));
    }
    return outbox;
  };

  it('reports outbox lag beside the bus figures to admins and owners', async () => {
    const status = new GetSystemStatus(await outboxWith([90, 30]), broker(), clock, analytics(), () => ({ sockets: 3, users: 2 }));
    const result = await status.execute(actor('admin'));
    expect(result).toEqual({
      ok: true,
      value: { outbox: { pending: 2, oldestPendingSeconds: 90 }, ...stats, bus: { reachable: true }, analytics: analyticsBlock, realtime: { sockets: 3, users: 2 } },
    });
    expect((await status.execute(actor('owner'))).ok).toBe(true);
  });

  it('refuses staff and customers', async () => {
    const status = new GetSystemStatus(await outboxWith([]), broker(), clock, analytics());
    for (const role of ['staff', 'customer'] as const) {
      const result = await status.execute(actor(role));
      expect(result.ok ? null : result.error.code).toBe('forbidden');
    }
  });

  it('still answers the outbox lag when the broker is unreachable, and says so', async () => {
    const result = await new GetSystemStatus(await outboxWith([5]), broker(true), clock, analytics()).execute(actor('admin'));
    expect(result).toEqual({
      ok: true,
      value: {
        outbox: { pending: 1, oldestPendingSeconds: 5 },
        queues: [], deadLetters: { total: 0, byQueue: {} }, consumers: [],
        bus: { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:5672' },
        analytics: analyticsBlock,
        realtime: { sockets: 0, users: 0 },
      },
    });
  });
});

describe('ReplayDeadLetters', () => {
  it('answers how many moved, not_found for an unknown queue and unavailable when the broker is down', async () => {
    const replay = new ReplayDeadLetters(broker());
    expect(await replay.execute({ actor: actor('admin'), queue: 'interest-inference' })).toEqual({ ok: true, value: { queue: 'interest-inference', replayed: 2 } });
    const unknown = await replay.execute({ actor: actor('admin'), queue: 'nope' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
    const down = await new ReplayDeadLetters(broker(true)).execute({ actor: actor('owner'), queue: 'interest-inference' });
    expect(down.ok ? null : [down.error.code, down.error.retryAfterSeconds]).toEqual(['unavailable', 5]);
    const staff = await replay.execute({ actor: actor('staff'), queue: 'interest-inference' });
    expect(staff.ok ? null : staff.error.code).toBe('forbidden');
  });
});
