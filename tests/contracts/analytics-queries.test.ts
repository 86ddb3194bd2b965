// The analytics queries contract on the stores that keep events where they are written: memory,
// PGlite and PostgreSQL (the same SQL on both). Events go in through the unit of work's event
// log, as ingestion writes them, into month partitions prepared first.
import { afterAll, beforeAll, describe } from 'vitest';
import { InMemoryAnalyticsRollups } from '../../adapters/memory/in-memory-analytics-rollups';
import { InMemoryAnalyticsEvents } from '../../adapters/memory/in-memory-analytics-events';
import { InMemoryEventAnalytics } from '../../adapters/memory/in-memory-event-analytics';
import { InMemoryOrderAnalytics } from '../../adapters/memory/in-memory-order-analytics';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { MikroOrmAnalyticsEventStore } from '../../adapters/postgres/mikro-orm-analytics-event-store';
import { MikroOrmOrderAnalytics } from '../../adapters/postgres/mikro-orm-order-analytics';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { SqlAnalyticsRollups } from '../../adapters/postgres/sql-analytics-rollups';
import { SqlEventAnalytics } from '../../adapters/postgres/sql-event-analytics';
import type { AnalyticsRollups, EventAnalytics, OrderAnalytics } from '../../application/ports/analytics-queries';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { firstOfEachMessageId, type AnalyticsEvent } from '../../domain/analytics/analytics-event';
import type { Order } from '../../domain/orders/order';
import { ok } from '../../domain/shared/result';
import { storeKinds } from '../support/stores';
import { openTestDatabase, type TestDatabase } from '../support/test-databases';
import { analyticsQueriesContract, PLANTED_MONTHS, type AnalyticsQueriesUnderTest, type RollupSchedule } from './analytics-queries.contract';

const RECEIVED = new Date('2027-02-02T00:00:00.000Z');

/** Plants through `uow` as ingestion and ordering write; the adapters read what it committed. */
function underTest(uow: UnitOfWork, events: EventAnalytics, orders: OrderAnalytics, rollups: AnalyticsRollups): AnalyticsQueriesUnderTest {
  return {
    events,
    orders,
    async rollUp() {
      await rollups.rollUp();
    },
    async plantEvents(companyId: string, planted: readonly AnalyticsEvent[]) {
      const result = await uow.run(async (tx) => ok(await tx.analyticsEvents.append(companyId, firstOfEachMessageId(planted).unique, RECEIVED)));
      if (!result.ok || result.value.accepted !== planted.length) throw new Error('events not planted');
    },
    async plantOrders(planted: readonly Order[]) {
      await uow.run(async (tx) => {
        for (const order of planted) await tx.orders.save(order);
        return ok(undefined);
      });
    },
  };
}

/** The SQL stores keep a rollup, so the contract runs under every schedule of it; memory keeps none. */
const schedulesOf = (kind: string): RollupSchedule[] => (kind === 'memory' ? ['never'] : ['never', 'after', 'between', 'twice']);

for (const kind of await storeKinds()) {
  describe.each(schedulesOf(kind))(`EventAnalytics and OrderAnalytics [${kind}], rollups %s`, (schedule) => {
    let db: TestDatabase | undefined;
    let subject: AnalyticsQueriesUnderTest | undefined;
    beforeAll(async () => {
      if (kind === 'memory') {
        const memory = new MemoryStore();
        subject = underTest(
          new InMemoryUnitOfWork(memory),
          new InMemoryEventAnalytics(new InMemoryAnalyticsEvents(memory)),
          new InMemoryOrderAnalytics(memory),
          new InMemoryAnalyticsRollups(),
        );
        return;
      }
      db = await openTestDatabase(kind);
      await new MikroOrmAnalyticsEventStore(db.orm.em, kind === 'postgres' ? 'postgresql' : 'pglite').prepare(PLANTED_MONTHS.from, PLANTED_MONTHS.to);
      subject = underTest(new MikroOrmUnitOfWork(db.orm), new SqlEventAnalytics(db.orm.em), new MikroOrmOrderAnalytics(db.orm.em), new SqlAnalyticsRollups(db.orm.em));
    });
    afterAll(async () => {
      await db?.close();
    });
    analyticsQueriesContract(() => {
      if (!subject) throw new Error('store not opened');
      return subject;
    }, schedule);
  });
}
