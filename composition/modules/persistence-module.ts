import { ContainerModule } from 'inversify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AfterCommitUnitOfWork, type CommittedEvents } from '../../application/events/after-commit-unit-of-work';
import type { Clock } from '../../application/ports/clock';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { InMemoryOutbox } from '../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { MikroOrmOutboxStore } from '../../adapters/postgres/mikro-orm-outbox';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import type { ReadinessCheck } from '../../adapters/http/server';
import { TOKENS } from '../tokens';

export type Persistence = { readonly kind: 'memory' } | { readonly kind: 'database'; readonly orm: MikroORM; readonly name: string };

/** Binds the unit of work and the relay's outbox view for the chosen store. */
export function persistenceModule(persistence: Persistence): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let inner: UnitOfWork;
    const checks: ReadinessCheck[] = [];
    if (persistence.kind === 'memory') {
      const store = new MemoryStore();
      inner = new InMemoryUnitOfWork(store);
      bind(TOKENS.OutboxStore).toResolvedValue((clock: Clock) => new InMemoryOutbox(store, clock), [TOKENS.Clock]);
      checks.push({ name: 'store:memory', check: async () => undefined });
    } else {
      const { orm } = persistence;
      inner = new MikroOrmUnitOfWork(orm);
      bind(TOKENS.OutboxStore).toConstantValue(new MikroOrmOutboxStore(orm.em));
      checks.push({
        name: `store:${persistence.name}`,
        check: async () => {
          await orm.em.fork().execute('select 1');
        },
      });
    }
    bind(TOKENS.Readiness).toConstantValue(checks);
    bind(TOKENS.UnitOfWork).toResolvedValue(
      (afterCommit: () => void, committed: CommittedEvents) => new AfterCommitUnitOfWork(inner, afterCommit, committed),
      [TOKENS.AfterCommit, TOKENS.CommittedEvents],
    ).inSingletonScope();
  });
}
