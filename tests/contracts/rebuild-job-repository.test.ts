import { afterAll, beforeAll, describe } from 'vitest';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { InMemoryRebuildJobRepository } from '../../adapters/memory/in-memory-rebuild-job-repository';
import { MikroOrmRebuildJobRepository } from '../../adapters/postgres/mikro-orm-rebuild-job-repository';
import { storeKinds } from '../support/stores';
import { openTestDatabase, type TestDatabase } from '../support/test-databases';
import { rebuildJobRepositoryContract, type RebuildJobsUnderTest } from './rebuild-job-repository.contract';

const LEASE_MS = 60_000;

for (const kind of await storeKinds()) {
  describe(`RebuildJobRepository [${kind}]`, () => {
    const clock = new FixedClock();
    let db: TestDatabase | undefined;
    let subject: RebuildJobsUnderTest | undefined;
    beforeAll(async () => {
      if (kind === 'memory') {
        subject = { jobs: new InMemoryRebuildJobRepository(clock, LEASE_MS), clock, leaseMs: LEASE_MS };
        return;
      }
      db = await openTestDatabase(kind);
      subject = { jobs: new MikroOrmRebuildJobRepository(db.orm.em, clock, LEASE_MS), clock, leaseMs: LEASE_MS };
    });
    afterAll(async () => {
      await db?.close();
    });
    rebuildJobRepositoryContract(() => {
      if (!subject) throw new Error('store not opened');
      return subject;
    });
  });
}
