import { ContainerModule, type Container } from 'inversify';
import { CreateCategory } from '../../application/catalog/create-category';
import { DeleteCategory } from '../../application/catalog/delete-category';
import { GetCategory } from '../../application/catalog/get-category';
import { ListCategories } from '../../application/catalog/list-categories';
import { UpdateCategory } from '../../application/catalog/update-category';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { categoryRoutes } from '../../adapters/http/routes/category-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { TOKENS } from '../tokens';

export const catalogModule = new ContainerModule(({ bind }) => {
  bind(CreateCategory).toResolvedValue(
    (uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new CreateCategory(uow, ids, clock),
    [TOKENS.UnitOfWork, TOKENS.Ids, TOKENS.Clock],
  );
  bind(ListCategories).toResolvedValue((uow: UnitOfWork) => new ListCategories(uow), [TOKENS.UnitOfWork]);
  bind(GetCategory).toResolvedValue((uow: UnitOfWork) => new GetCategory(uow), [TOKENS.UnitOfWork]);
  bind(UpdateCategory).toResolvedValue((uow: UnitOfWork) => new UpdateCategory(uow), [TOKENS.UnitOfWork]);
  bind(DeleteCategory).toResolvedValue((uow: UnitOfWork) => new DeleteCategory(uow), [TOKENS.UnitOfWork]);
});

export function catalogHttp(container: Container): RouteSpec[] {
  return categoryRoutes({
    createCategory: container.get(CreateCategory),
    listCategories: container.get(ListCategories),
    getCategory: container.get(GetCategory),
    updateCategory: container.get(UpdateCategory),
    deleteCategory: container.get(DeleteCategory),
  });
}
