import { describe, expect, it } from 'vitest';
import { AfterCommitUnitOfWork } from '../../../application/events/after-commit-unit-of-work';
import { RelayOutbox } from '../../../application/events/relay-outbox';
import type { EventPublisher } from '../../../application/ports/event-publisher';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryOutbox } from '../../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { InProcessEventBus } from '../../../adapters/memory/in-process-event-bus';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import { OutboxPump } from '../../../adapters/system/outbox-pump';
import { domainEvent, type DomainEvent } from '../../../domain/shared/domain-event';
import { err, ok } from '../../../domain/shared/result';

const event = (n: number): DomainEvent =>
  domainEvent('Thing', 'company-1', { n }, { id: `event-${n}`, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)) });

function setup(publisher?: EventPublisher) {
  const store = new MemoryStore();
  const outbox = new InMemoryOutbox(store);
  const bus = new InProcessEventBus();
  const delivered: DomainEvent[] = [];
  bus.subscribe('*', async (e) => {
    delivered.push(e);
  });
  const relay = new RelayOutbox(outbox, publisher ?? bus, new FixedClock(), 2);
  return { store, outbox, bus, delivered, relay };
}

describe('RelayOutbox', () => {
  it('delivers pending events in write order, across batches, and marks them published', async () => {
    const { store, outbox, delivered, relay } = setup();
    const uow = new InMemoryUnitOfWork(store);
    await uow.run(async (tx) => {
      await tx.outbox.add(event(1), event(2), event(3), event(4), event(5));
      return ok(undefined);
    });
    expect(await relay.execute()).toEqual({ published: 5 });
    expect(delivered.map((e) => e.id)).toEqual(['event-1', 'event-2', 'event-3', 'event-4', 'event-5']);
    expect(await outbox.lag()).toEqual({ pending: 0, oldestOccurredAt: null });
    expect(await relay.execute()).toEqual({ published: 0 });
  });

  it('keeps a batch pending when the publisher fails, and delivers it on the next run', async () => {
    let failing = true;
    const delivered: string[] = [];
    const flaky: EventPublisher = {
      async publish(events) {
        if (failing) throw new Error('broker down');
        delivered.push(...events.map((e) => e.id));
      },
    };
    const { outbox, relay } = setup(flaky);
    await outbox.add(event(1), event(2));
    await expect(relay.execute()).rejects.toThrow('broker down');
    expect((await outbox.lag()).pending).toBe(2);
    expect((await outbox.pending(10))[0]?.attempts).toBe(1);
    failing = false;
    await relay.execute();
    expect(delivered).toEqual(['event-1', 'event-2']);
  });
});

describe('OutboxPump with AfterCommitUnitOfWork', () => {
  it('relays right after a commit, and never after a rollback', async () => {
    const { store, delivered, relay } = setup();
    const pump = new OutboxPump(relay, { error: () => undefined }, 60_000);
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
    expect(delivered.map((e) => e.id)).toEqual(['event-2']);
    await pump.stop();
  });
});
