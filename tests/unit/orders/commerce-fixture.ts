// A memory-backed world for order, interest and watchlist use cases: seeds companies' users
// and products straight through the unit of work, and reads back stock, sales and events.
import type { IdGenerator } from '../../../application/ports/id-generator';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryOutbox } from '../../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import type { Product } from '../../../domain/catalog/product';
import type { Actor } from '../../../domain/identity/actor';
import type { Role } from '../../../domain/identity/role';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Money } from '../../../domain/shared/money';
import { ok } from '../../../domain/shared/result';

export const eur = (amountCents: number): Money => ({ amountCents, currency: 'EUR' });

export function commerce() {
  const store = new MemoryStore();
  const uow = new InMemoryUnitOfWork(store);
  const outbox = new InMemoryOutbox(store);
  const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
  let n = 0;
  const ids: IdGenerator = { next: () => `id-${String(++n).padStart(6, '0')}` };

  const member = async (companyId: string, role: Role = 'customer', displayName = `User ${n + 1}`): Promise<Actor> => {
    const id = ids.next();
    await uow.run(async (tx) => {
      await tx.users.save({
        id, companyId, email: `${id}@example.test`, displayName, role, passwordHash: 'x', createdAt: clock.now(), updatedAt: clock.now(),
      });
      return ok(undefined);
    });
    return { userId: id, companyId, role };
  };

  const product = async (companyId: string, extra: Partial<Product> = {}): Promise<Product> => {
    const id = extra.id ?? ids.next();
    const p: Product = {
      id, companyId, sku: `SKU-${id}`, name: `Product ${id}`, description: '', categoryId: null, brand: null, tags: [], attributes: {},
      price: eur(1000), stock: 10, imageUrl: null, status: 'active', createdAt: clock.now(), updatedAt: clock.now(), ...extra,
    };
    await uow.run(async (tx) => {
      await tx.products.save(p);
      return ok(undefined);
    });
    return p;
  };

  return {
    store, uow, clock, ids, member, product,
    stockOf: async (companyId: string, id: string) => (await uow.read((r) => r.products.byId(companyId, id)))?.stock,
    soldOf: (id: string) => store.table<number>('product_units_sold').get(id) ?? 0,
    /** Every event written so far, in write order. */
    events: async (type?: string): Promise<DomainEvent[]> =>
      (await outbox.pending(10_000)).map((r) => r.event).filter((e) => !type || e.type === type),
  };
}

export type Commerce = ReturnType<typeof commerce>;
