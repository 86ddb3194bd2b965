import { ContainerModule, type Container } from 'inversify';
import { ArchiveProduct } from '../../application/catalog/archive-product';
import { AutocompleteProducts } from '../../application/catalog/autocomplete-products';
import { ChangePrice } from '../../application/catalog/change-price';
import { CreateCategory } from '../../application/catalog/create-category';
import { CreateProduct } from '../../application/catalog/create-product';
import { DeleteCategory } from '../../application/catalog/delete-category';
import { GetCategory } from '../../application/catalog/get-category';
import { GetPriceHistory } from '../../application/catalog/get-price-history';
import { GetProduct } from '../../application/catalog/get-product';
import { ImportProducts } from '../../application/catalog/import-products';
import { ListCategories } from '../../application/catalog/list-categories';
import { ListDeals } from '../../application/catalog/list-deals';
import { ListNewArrivals } from '../../application/catalog/list-new-arrivals';
import { ProductChanges } from '../../application/catalog/product-changes';
import { SearchProducts } from '../../application/catalog/search-products';
import { UpdateCategory } from '../../application/catalog/update-category';
import { UpdateProduct } from '../../application/catalog/update-product';
import type { CacheAside } from '../../application/cache/cache-aside';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { categoryRoutes } from '../../adapters/http/routes/category-routes';
import { productRoutes } from '../../adapters/http/routes/product-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { TOKENS } from '../tokens';

export const catalogModule = new ContainerModule(({ bind }) => {
  const UOW = TOKENS.UnitOfWork;
  bind(CreateCategory).toResolvedValue(
    (uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new CreateCategory(uow, ids, clock),
    [UOW, TOKENS.Ids, TOKENS.Clock],
  );
  bind(ListCategories).toResolvedValue((uow: UnitOfWork) => new ListCategories(uow), [UOW]);
  bind(GetCategory).toResolvedValue((uow: UnitOfWork) => new GetCategory(uow), [UOW]);
  bind(UpdateCategory).toResolvedValue((uow: UnitOfWork) => new UpdateCategory(uow), [UOW]);
  bind(DeleteCategory).toResolvedValue((uow: UnitOfWork) => new DeleteCategory(uow), [UOW]);

  bind(ProductChanges).toResolvedValue((ids: IdGenerator, clock: Clock) => new ProductChanges(ids, clock), [TOKENS.Ids, TOKENS.Clock]);
  bind(CreateProduct).toResolvedValue(
    (uow: UnitOfWork, changes: ProductChanges, ids: IdGenerator, clock: Clock) => new CreateProduct(uow, changes, ids, clock),
    [UOW, ProductChanges, TOKENS.Ids, TOKENS.Clock],
  );
  bind(GetProduct).toResolvedValue((uow: UnitOfWork, cache: CacheAside) => new GetProduct(uow, cache), [UOW, TOKENS.CacheAside]);
  bind(UpdateProduct).toResolvedValue(
    (uow: UnitOfWork, changes: ProductChanges, clock: Clock) => new UpdateProduct(uow, changes, clock),
    [UOW, ProductChanges, TOKENS.Clock],
  );
  bind(ArchiveProduct).toResolvedValue(
    (uow: UnitOfWork, changes: ProductChanges, clock: Clock) => new ArchiveProduct(uow, changes, clock),
    [UOW, ProductChanges, TOKENS.Clock],
  );
  bind(ChangePrice).toResolvedValue(
    (uow: UnitOfWork, changes: ProductChanges, clock: Clock) => new ChangePrice(uow, changes, clock),
    [UOW, ProductChanges, TOKENS.Clock],
  );
  bind(SearchProducts).toResolvedValue((uow: UnitOfWork, cache: CacheAside) => new SearchProducts(uow, cache), [UOW, TOKENS.CacheAside]);
  bind(AutocompleteProducts).toResolvedValue((uow: UnitOfWork) => new AutocompleteProducts(uow), [UOW]);
  bind(ListNewArrivals).toResolvedValue((uow: UnitOfWork) => new ListNewArrivals(uow), [UOW]);
  bind(GetPriceHistory).toResolvedValue((uow: UnitOfWork) => new GetPriceHistory(uow), [UOW]);
  bind(ListDeals).toResolvedValue((uow: UnitOfWork, clock: Clock) => new ListDeals(uow, clock), [UOW, TOKENS.Clock]);
  bind(ImportProducts).toResolvedValue(
    (uow: UnitOfWork, changes: ProductChanges, ids: IdGenerator, clock: Clock) => new ImportProducts(uow, changes, ids, clock),
    [UOW, ProductChanges, TOKENS.Ids, TOKENS.Clock],
  );
});

export function catalogHttp(container: Container): RouteSpec[] {
  const categories = categoryRoutes({
    createCategory: container.get(CreateCategory),
    listCategories: container.get(ListCategories),
    getCategory: container.get(GetCategory),
    updateCategory: container.get(UpdateCategory),
    deleteCategory: container.get(DeleteCategory),
  });
  const products = productRoutes({
    createProduct: container.get(CreateProduct),
    getProduct: container.get(GetProduct),
    updateProduct: container.get(UpdateProduct),
    archiveProduct: container.get(ArchiveProduct),
    searchProducts: container.get(SearchProducts),
    autocompleteProducts: container.get(AutocompleteProducts),
    changePrice: container.get(ChangePrice),
    getPriceHistory: container.get(GetPriceHistory),
    listDeals: container.get(ListDeals),
    listNewArrivals: container.get(ListNewArrivals),
    importProducts: container.get(ImportProducts),
  });
  return [...categories, ...products];
}
