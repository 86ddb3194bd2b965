import { afterAll, beforeAll, describe } from 'vitest';
import { InMemoryAnalyticsEvents } from '../../adapters/memory/in-memory-analytics-events';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { MikroOrmAnalyticsEventStore } from '../../adapters/postgres/mikro-orm-analytics-event-store';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { storeKinds } from '../support/stores';
import { openTestDatabase, type TestDatabase } from '../support/test-databases';
import { analyticsEventStoreContract, type AnalyticsStoreUnderTest } from './analytics-event-store.contract';

// Written in the transaction, so queryable at commit: nothing to settle.
const settled = async (): Promise<void> => undefined;

for (const kind of await storeKinds()) {
  describe(`AnalyticsEventStore [${kind}]`, () => {
    let db: TestDatabase | undefined;
    let subject: AnalyticsStoreUnderTest | undefined;
    beforeAll(async () => {
      if (kind === 'memory') {
        const memory = new MemoryStore();
        subject = { uow: new InMemoryUnitOfWork(memory), store: new InMemoryAnalyticsEvents(memory), settle: settled };
        return;
      }
      db = await openTestDatabase(kind);
      subject = {
        uow: new MikroOrmUnitOfWork(db.orm),
        store: new MikroOrmAnalyticsEventStore(db.orm.em, kind === 'postgres' ? 'postgresql' : 'pglite'),
        settle: settled,
      };
    });
    afterAll(async () => {
      await db?.close();
    });
    analyticsEventStoreContract(() => {
      if (!subject) throw new Error('store not opened');
      return subject;
    });
  });
}
