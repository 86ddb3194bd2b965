import type { CreateCategory } from '../../../application/catalog/create-category';
import type { DeleteCategory } from '../../../application/catalog/delete-category';
import type { GetCategory } from '../../../application/catalog/get-category';
import type { ListCategories } from '../../../application/catalog/list-categories';
import type { UpdateCategory } from '../../../application/catalog/update-category';
import { mapPage } from '../../../domain/shared/page';
import { answer, route, type RouteSpec } from '../route';
import { CategoryBody, CategoryOut, CategoryPatch, categoryOut } from '../schemas/catalog-schemas';
import { IdParams, PageQuery, pageOf } from '../schemas/common';

export interface CategoryUseCases {
  readonly createCategory: CreateCategory;
  readonly listCategories: ListCategories;
  readonly getCategory: GetCategory;
  readonly updateCategory: UpdateCategory;
  readonly deleteCategory: DeleteCategory;
}

export function categoryRoutes(uc: CategoryUseCases): RouteSpec[] {
  const tag = 'Catalog';
  return [
    route({
      method: 'post', path: '/categories', operationId: 'createCategory', tag, auth: 'user', summary: 'Create a category (staff+)',
      body: CategoryBody,
      errors: [403, 404, 409],
      responses: { 201: { description: 'Created', schema: CategoryOut } },
      handle: async ({ actor, body }) => answer(await uc.createCategory.execute({ actor, ...body }), 201, categoryOut),
    }),
    route({
      method: 'get', path: '/categories', operationId: 'listCategories', tag, auth: 'user', summary: 'List categories',
      query: PageQuery,
      responses: { 200: { description: 'A page of categories', schema: pageOf(CategoryOut) } },
      handle: async ({ actor, query }) =>
        answer(await uc.listCategories.execute({ actor, page: query }), 200, (page) => mapPage(page, categoryOut)),
    }),
    route({
      method: 'get', path: '/categories/:id', operationId: 'getCategory', tag, auth: 'user', summary: 'Read a category',
      params: IdParams,
      responses: { 200: { description: 'The category', schema: CategoryOut } },
      handle: async ({ actor, params }) => answer(await uc.getCategory.execute({ actor, id: params.id }), 200, categoryOut),
    }),
    route({
      method: 'patch', path: '/categories/:id', operationId: 'updateCategory', tag, auth: 'user', summary: 'Rename or move a category (staff+)',
      params: IdParams, body: CategoryPatch,
      errors: [403, 409],
      responses: { 200: { description: 'The updated category', schema: CategoryOut } },
      handle: async ({ actor, params, body }) =>
        answer(await uc.updateCategory.execute({ actor, id: params.id, ...body }), 200, categoryOut),
    }),
    route({
      method: 'delete', path: '/categories/:id', operationId: 'deleteCategory', tag, auth: 'user', summary: 'Delete an empty category (staff+)',
      params: IdParams,
      errors: [403, 409],
      responses: { 204: { description: 'Deleted' } },
      handle: async ({ actor, params }) => answer(await uc.deleteCategory.execute({ actor, id: params.id }), 204),
    }),
  ];
}
