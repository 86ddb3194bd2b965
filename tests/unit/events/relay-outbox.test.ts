import { describe, expect, it } from 'vitest';
import { AfterCommitUnitOfWork } from '../../../application/events/after-commit-unit-of-work';
import { PruneOutbox } from '../../../application/events/prune-outbox';
import { RelayOutbox } from '../../../application/events/relay-outbox';
import type { EventPublisher } from '../../../application/ports/event-publisher';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryOutbox } from '../../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import { OutboxPump } from '../../../adapters/system/outbox-pump';
import { domainEvent, type DomainEvent } from '../../../domain/shared/domain-event';
import { err, ok } from '../../../domain/shared/result';

const DAY_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 30_000;

const event = (n: number): DomainEvent =>
  domainEvent('Thing', 'company-1', { n }, { id: `event-${n}`, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)) });
const events = (count: number) => Array.from({ length: count }, (_, i) => event(i + 1));
const idsOf = (list: readonly DomainEvent[]) => list.map((e) => e.id);

/** Records what it is handed; fails while `failing` is set; yields first, so concurrent relays interleave. */
class RecordingPublisher implements EventPublisher {
  readonly published: DomainEvent[] = [];
  failing = false;

  async publish(batch: readonly DomainEvent[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.failing) throw new Error('broker down');
    this.published.push(...batch);
  }
}

/** A relay that took its batch and then died: its publish never returns. `reached` resolves once it was called. */
function hangingPublisher(): EventPublisher & { readonly reached: Promise<void> } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return {
    reached,
    publish: () => {
      reach();
      return new Promise(() => undefined);
    },
  };
}

function setup() {
  const store = new MemoryStore();
  const clock = new FixedClock();
  const outbox = new InMemoryOutbox(store, clock);
  const publisher = new RecordingPublisher();
  const relay = (options: { batchSize?: number; publisher?: EventPublisher; onPublished?: (count: number) => void } = {}) =>
    new RelayOutbox(outbox, options.publisher ?? publisher, clock, {
      batchSize: options.batchSize ?? 2, leaseMs: LEASE_MS, ...(options.onPublished ? { onPublished: options.onPublished } : {}),
    });
  const commit = (...list: DomainEvent[]) =>
    new InMemoryUnitOfWork(store).run(async (tx) => {
      await tx.outbox.add(...list);
      return ok(undefined);
    });
  return { store, clock, outbox, publisher, relay, commit };
}

describe('RelayOutbox', () => {
  it('delivers pending events in write order, across batches, and marks them published', async () => {
    const { outbox, publisher, relay, commit } = setup();
    await commit(event(1), event(2), event(3));
    await commit(event(4), event(5));
    expect(await relay().execute()).toEqual({ published: 5 });
    expect(idsOf(publisher.published)).toEqual(idsOf(events(5)));
    expect(await outbox.lag()).toEqual({ pending: 0, oldestOccurredAt: null });
    expect(await relay().execute()).toEqual({ published: 0 });
    expect(publisher.published).toHaveLength(5);
  });

  it('leaves a batch pending with its attempt counted when the publisher fails, and delivers it on the next run', async () => {
    const { outbox, publisher, relay, commit } = setup();
    await commit(event(1), event(2), event(3));
    publisher.failing = true;
    await expect(relay().execute()).rejects.toThrow('broker down');
    await expect(relay().execute()).rejects.toThrow('broker down');
    expect(await outbox.lag()).toEqual({ pending: 3, oldestOccurredAt: new Date(event(1).occurredAt) });
    expect((await outbox.pending(10)).map((r) => [r.event.id, r.attempts])).toEqual([
      ['event-1', 2],
      ['event-2', 2],
      ['event-3', 0],
    ]);
    publisher.failing = false;
    expect(await relay().execute()).toEqual({ published: 3 });
    expect(idsOf(publisher.published)).toEqual(['event-1', 'event-2', 'event-3']);
  });

  it('lets two relays run at once on one outbox and publishes every event exactly once in total', async () => {
    const { outbox, publisher, relay, commit } = setup();
    await commit(...events(40));
    const [a, b] = await Promise.all([relay({ batchSize: 3 }).execute(), relay({ batchSize: 3 }).execute()]);
    expect(a.published + b.published).toBe(40);
    expect(Math.min(a.published, b.published)).toBeGreaterThan(0);
    expect(idsOf(publisher.published).sort()).toEqual(idsOf(events(40)).sort());
    expect((await outbox.lag()).pending).toBe(0);
  });

  it('publishes the batches of a crashed relay once their leases run out', async () => {
    const { clock, publisher, relay, commit } = setup();
    await commit(...events(5));
    // It took a batch, leased the next one ahead, and died publishing the first.
    const hanging = hangingPublisher();
    void relay({ publisher: hanging }).execute();
    await hanging.reached;
    expect(await relay().execute()).toEqual({ published: 1 });
    expect(idsOf(publisher.published)).toEqual(['event-5']);
    clock.advance(LEASE_MS - 1);
    expect(await relay().execute()).toEqual({ published: 0 });
    clock.advance(2);
    expect(await relay().execute()).toEqual({ published: 4 });
    expect(idsOf(publisher.published)).toEqual(['event-5', 'event-1', 'event-2', 'event-3', 'event-4']);
  });

  it('gives back the batch leased ahead, uncounted, when the publish before it fails', async () => {
    const { outbox, publisher, relay, commit } = setup();
    await commit(...events(4));
    publisher.failing = true;
    await expect(relay().execute()).rejects.toThrow('broker down');
    expect((await outbox.pending(10)).map((r) => [r.event.id, r.attempts])).toEqual([
      ['event-1', 1], ['event-2', 1], ['event-3', 0], ['event-4', 0],
    ]);
    publisher.failing = false;
    expect(await relay().execute()).toEqual({ published: 4 });
  });
});

describe('PruneOutbox', () => {
  it('deletes events published longer ago than the retention, in chunks, and never waiting ones', async () => {
    const { clock, outbox, relay, commit } = setup();
    await commit(...events(5));
    await relay().execute();
    clock.advance(2 * DAY_MS);
    await commit(event(6), event(7));
    await relay().execute();
    await commit(event(8));
    clock.advance(5 * DAY_MS + 1);
    const prune = new PruneOutbox(outbox, clock, { retentionDays: 7, chunkSize: 2 });
    expect(await prune.execute()).toEqual({ pruned: 5 });
    expect(await prune.execute()).toEqual({ pruned: 0 });
    clock.advance(2 * DAY_MS);
    expect(await prune.execute()).toEqual({ pruned: 2 });
    expect((await outbox.pending(10)).map((r) => r.event.id)).toEqual(['event-8']);
  });
});

describe('OutboxPump', () => {
  it('relays right after a commit, and never after a rollback', async () => {
    const { store, publisher, relay } = setup();
    const pump = new OutboxPump(relay(), { error: () => undefined }, { intervalMs: 60_000 });
    const uow = new AfterCommitUnitOfWork(new InMemoryUnitOfWork(store), () => pump.kick());
    await uow.run(async (tx) => {
      await tx.outbox.add(event(1));
      return err('no');
    });
    await uow.run(async (tx) => {
      await tx.outbox.add(event(2));
      return ok(undefined);
    });
    await pump.idle();
    expect(idsOf(publisher.published)).toEqual(['event-2']);
    await pump.stop();
  });

  it('reports each confirmed batch, logs failures, and prunes when started', async () => {
    const { clock, outbox, publisher, relay, commit } = setup();
    const counted: number[] = [];
    const errors: string[] = [];
    const pump = new OutboxPump(
      relay({ onPublished: (count) => void counted.push(count) }),
      { error: (_details, message) => void errors.push(message) },
      {
        intervalMs: 60_000,
        prune: new PruneOutbox(outbox, clock, { retentionDays: 1 }),
        pruneIntervalMs: 60_000,
      },
    );
    await commit(...events(3));
    await relay().execute();
    clock.advance(2 * DAY_MS);
    await commit(event(4), event(5));
    publisher.failing = true;
    pump.kick();
    await pump.idle();
    expect(errors).toEqual(['outbox relay failed; will retry']);
    publisher.failing = false;
    pump.start();
    await pump.idle();
    expect(counted).toEqual([2]);
    expect(await outbox.lag()).toEqual({ pending: 0, oldestOccurredAt: null });
    // The three events published two days ago are gone; nothing else was.
    clock.advance(1);
    expect(await new PruneOutbox(outbox, clock, { retentionDays: 0 }).execute()).toEqual({ pruned: 2 });
    await pump.stop();
  });

  it('stops after the batch in hand and ignores kicks once stopped: the rest waits in the outbox', async () => {
    const { outbox, publisher, relay, commit } = setup();
    await commit(...events(6));
    const pump = new OutboxPump(relay(), { error: () => undefined }, { intervalMs: 60_000 });
    pump.kick();
    await pump.stop();
    expect(idsOf(publisher.published)).toEqual(['event-1', 'event-2']);
    pump.kick();
    await pump.idle();
    expect(publisher.published).toHaveLength(2);
    expect((await outbox.lag()).pending).toBe(4);
  });
});
