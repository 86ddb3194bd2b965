// The relational store keeps out of AsyncLocalStorage: on Node 20 the first `run` or
// `enterWith` anywhere switches on promise hooks for the rest of the process, and every
// request then pays for them. MikroORM's `em.transactional()` and `em.commit()` (its flush)
// open such scopes; the unit of work and the repositories must not call them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MikroOrmUnitOfWork } from '../../adapters/postgres/mikro-orm-unit-of-work';
import { err, ok } from '../../domain/shared/result';
import { aProduct } from '../support/products';
import { storeKinds } from '../support/stores';
import { openTestDatabase, type TestDatabase } from '../support/test-databases';
import { uniqueId } from '../support/unique';

const product = (companyId: string, sku: string) => aProduct(companyId, { sku, name: `Leather boot ${sku}` });

for (const kind of (await storeKinds()).filter((k) => k !== 'memory')) {
  describe(`transactions open no async context [${kind}]`, () => {
    let db: TestDatabase;
    let uow: MikroOrmUnitOfWork;
    beforeAll(async () => {
      db = await openTestDatabase(kind);
      uow = new MikroOrmUnitOfWork(db.orm);
    });
    afterAll(() => db.close());
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('commits, rolls back, takes savepoints and searches without entering AsyncLocalStorage', async () => {
      const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
      const enterWith = vi.spyOn(AsyncLocalStorage.prototype, 'enterWith');
      const companyId = uniqueId();
      const kept = product(companyId, 'KEPT');
      const clash = await uow.run(async (tx) => {
        await tx.products.save(kept);
        // A savepoint: the clash is refused and the transaction goes on.
        return ok(await tx.products.save({ ...product(companyId, 'KEPT') }));
      });
      const refused = product(companyId, 'REFUSED');
      await uow.run(async (tx) => {
        await tx.products.save(refused);
        return err('changed my mind');
      });
      const thrown = product(companyId, 'THROWN');
      await expect(
        uow.run(async (tx) => {
          await tx.products.save(thrown);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const found = await uow.read((repos) => repos.products.byIds(companyId, [kept.id, refused.id, thrown.id]));
      // A misspelt query takes the fuzzy path, which scopes a setting to a transaction of its own.
      const fuzzy = await uow.read((repos) =>
        repos.products.search({ companyId, statuses: ['active'], q: 'lether', sort: 'relevance', page: { limit: 10 } }),
      );

      expect(clash).toEqual(ok(false));
      expect(found.map((p) => p.id)).toEqual([kept.id]);
      expect(fuzzy.items.map((p) => p.id)).toEqual([kept.id]);
      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    });
  });
}
