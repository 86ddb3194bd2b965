// Runs one contract against every store: memory, PGlite and (when reachable, always in CI)
// PostgreSQL. A contract is a function taking `() => StoreUnderTest`.
import { afterAll, beforeAll, describe } from 'vitest';
import type { OutboxStore } from '../../application/ports/outbox';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { InMemoryOutbox } from '../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { MikroOrmOutboxStore } from '../../adapters/postgres/mikro-orm-outbox';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { openTestDatabase, postgresAvailable, type StoreKind } from './test-databases';

export interface StoreUnderTest {
  readonly kind: StoreKind;
  readonly uow: UnitOfWork;
  readonly outbox: OutboxStore;
  /**
   * Lets `ms` pass for the outbox's leases: advances the memory store's clock; sleeps against a
   * database, whose own clock (`now()`) judges leases.
   */
  letTimePass(ms: number): Promise<void>;
}

export type StoreGetter = () => StoreUnderTest;

async function openStore(kind: StoreKind): Promise<StoreUnderTest & { close(): Promise<void> }> {
  if (kind === 'memory') {
    const memory = new MemoryStore();
    const clock = new FixedClock();
    return {
      kind,
      uow: new InMemoryUnitOfWork(memory),
      outbox: new InMemoryOutbox(memory, clock),
      letTimePass: async (ms) => clock.advance(ms),
      close: async () => undefined,
    };
  }
  const db = await openTestDatabase(kind);
  return {
    kind,
    uow: new MikroOrmUnitOfWork(db.orm),
    outbox: new MikroOrmOutboxStore(db.orm.em),
    letTimePass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    close: () => db.close(),
  };
}

/** The stores this run covers; PostgreSQL is left out (loudly) only outside CI when unreachable. */
export async function storeKinds(): Promise<StoreKind[]> {
  return (await postgresAvailable()) ? ['memory', 'pglite', 'postgres'] : ['memory', 'pglite'];
}

/** Declares `contract` once per store kind, each against a fresh store. */
export async function describeEachStore(title: string, contract: (store: StoreGetter) => void): Promise<void> {
  for (const kind of await storeKinds()) {
    describe(`${title} [${kind}]`, () => {
      let store: (StoreUnderTest & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        store = await openStore(kind);
      });
      afterAll(async () => {
        await store?.close();
      });
      contract(() => {
        if (!store) throw new Error('store not opened');
        return store;
      });
    });
  }
}
