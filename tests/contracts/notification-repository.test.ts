import { afterAll, beforeAll, describe } from 'vitest';
import { InMemoryNotificationDeliveries } from '../../adapters/memory/in-memory-notification-deliveries';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../adapters/memory/memory-store';
import { MikroOrmNotificationDeliveries } from '../../adapters/postgres/mikro-orm-notification-deliveries';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { storeKinds } from '../support/stores';
import { openTestDatabase, type TestDatabase } from '../support/test-databases';
import { notificationRepositoryContract, type NotificationsUnderTest } from './notification-repository.contract';

for (const kind of await storeKinds()) {
  describe(`NotificationRepository, NotificationPreferenceRepository, NotificationDeliveries [${kind}]`, () => {
    let db: TestDatabase | undefined;
    let subject: NotificationsUnderTest | undefined;
    beforeAll(async () => {
      if (kind === 'memory') {
        const memory = new MemoryStore();
        subject = { kind, uow: new InMemoryUnitOfWork(memory), deliveries: new InMemoryNotificationDeliveries(memory) };
        return;
      }
      db = await openTestDatabase(kind);
      subject = { kind, uow: new MikroOrmUnitOfWork(db.orm), deliveries: new MikroOrmNotificationDeliveries(db.orm.em) };
    });
    afterAll(async () => {
      await db?.close();
    });
    notificationRepositoryContract(() => {
      if (!subject) throw new Error('store not opened');
      return subject;
    });
  });
}
