// A memory-backed catalog for use case tests: every product use case wired to one store,
// a pinned clock, predictable ids, and readers for events and price points.
import { ArchiveProduct } from '../../../application/catalog/archive-product';
import { AutocompleteProducts } from '../../../application/catalog/autocomplete-products';
import { ChangePrice } from '../../../application/catalog/change-price';
import { CreateCategory } from '../../../application/catalog/create-category';
import { CreateProduct } from '../../../application/catalog/create-product';
import { GetPriceHistory } from '../../../application/catalog/get-price-history';
import { GetProduct } from '../../../application/catalog/get-product';
import { ImportProducts } from '../../../application/catalog/import-products';
import { ListDeals } from '../../../application/catalog/list-deals';
import { ListNewArrivals } from '../../../application/catalog/list-new-arrivals';
import { ProductChanges, type ProductInput } from '../../../application/catalog/product-changes';
import { SearchProducts } from '../../../application/catalog/search-products';
import { UpdateProduct } from '../../../application/catalog/update-product';
import { CacheAside } from '../../../application/cache/cache-aside';
import { tagsInvalidatedBy } from '../../../application/cache/cache-keys';
import { AfterCommitUnitOfWork } from '../../../application/events/after-commit-unit-of-work';
import type { IdGenerator } from '../../../application/ports/id-generator';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryLruCache } from '../../../adapters/memory/in-memory-lru-cache';
import { InMemoryOutbox } from '../../../adapters/memory/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../../adapters/memory/in-memory-unit-of-work';
import { MemoryStore } from '../../../adapters/memory/memory-store';
import type { Product } from '../../../domain/catalog/product';
import type { Actor } from '../../../domain/identity/actor';
import type { Role } from '../../../domain/identity/role';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Money } from '../../../domain/shared/money';

export const eur = (amountCents: number): Money => ({ amountCents, currency: 'EUR' });
export const DAY = 86_400_000;

export function catalogWorld() {
  const store = new MemoryStore();
  const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
  // Reads go through the cache and commits invalidate it, as in the app, so a stale read fails a test.
  const cache = new CacheAside(new InMemoryLruCache({ clock }));
  const uow = new AfterCommitUnitOfWork(new InMemoryUnitOfWork(store), () => undefined, async (events) => {
    await cache.invalidate(events.flatMap(tagsInvalidatedBy));
  });
  const outbox = new InMemoryOutbox(store);
  let n = 0;
  const ids: IdGenerator = { next: () => `id-${String(++n).padStart(6, '0')}` };
  const changes = new ProductChanges(ids, clock);
  const update = new UpdateProduct(uow, changes, clock);
  const uc = {
    create: new CreateProduct(uow, changes, ids, clock),
    get: new GetProduct(uow, cache),
    update,
    archive: new ArchiveProduct(uow, changes, clock),
    changePrice: new ChangePrice(uow, changes, clock),
    search: new SearchProducts(uow, cache),
    autocomplete: new AutocompleteProducts(uow),
    history: new GetPriceHistory(uow),
    deals: new ListDeals(uow, clock),
    newArrivals: new ListNewArrivals(uow),
    import: new ImportProducts(uow, changes, ids, clock),
    createCategory: new CreateCategory(uow, ids, clock),
  };
  const actor = (role: Role = 'staff', companyId = 'acme'): Actor => ({ userId: `user-${role}-${companyId}`, companyId, role });
  const staff = actor('staff');
  const customer = actor('customer');

  /** Creates a product as staff (the clock moves a second first, so creation order is unambiguous). */
  const product = async (sku: string, extra: Partial<ProductInput> = {}, by: Actor = staff): Promise<Product> => {
    clock.advance(1000);
    const created = await uc.create.execute({ actor: by, product: { sku, name: `Product ${sku}`, price: eur(1000), stock: 5, ...extra } });
    if (!created.ok) throw new Error(`could not create ${sku}: ${JSON.stringify(created.error)}`);
    return created.value;
  };

  return {
    store, uow, clock, ids, uc, actor, staff, customer, product,
    /** Every event written so far, in write order, optionally of one type. */
    events: async (type?: string): Promise<DomainEvent[]> =>
      (await outbox.pending(100_000)).map((r) => r.event).filter((e) => !type || e.type === type),
    /** Every recorded price of the product, oldest first. */
    points: async (companyId: string, productId: string) => (await uow.read((r) => r.prices.forProduct(companyId, productId, {}, { limit: 1000 }))).items,
  };
}

export type CatalogWorld = ReturnType<typeof catalogWorld>;
