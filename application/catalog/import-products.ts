import type { Product } from '../../domain/catalog/product';
import { checkProductFields, type ProductFields } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { appError, type AppError, type ErrorDetail } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import { withDefaults, type ProductChanges, type ProductInput } from './product-changes';

export const MAX_IMPORT_ROWS = 1000;

export interface ImportProductsOutput {
  readonly created: number;
  readonly updated: number;
}
export type ImportProductsError = AppError<'forbidden' | 'validation_failed'>;

/** Bulk upsert by sku; all rows or none, with every bad row named. */
export class ImportProducts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; rows: readonly ProductInput[] }): Promise<Result<ImportProductsOutput, ImportProductsError>> {
    return this.uow.run(async (tx): Promise<Result<ImportProductsOutput, ImportProductsError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      if (input.rows.length === 0 || input.rows.length > MAX_IMPORT_ROWS) {
        return err(appError('validation_failed', `Send 1..${MAX_IMPORT_ROWS} rows`, { details: [{ path: 'rows', message: `1..${MAX_IMPORT_ROWS} rows` }] }));
      }
      const { companyId } = input.actor;
      const details: ErrorDetail[] = [];
      const checked: ProductFields[] = [];
      const seen = new Set<string>();
      const categories = new Set((await tx.categories.all(companyId)).map((c) => c.id));
      input.rows.forEach((row, index) => {
        const fields = checkProductFields(withDefaults(row), `rows[${index}]`);
        if (!fields.ok) return details.push(...(fields.error.details ?? []));
        if (seen.has(fields.value.sku)) return details.push({ path: `rows[${index}].sku`, message: 'sku repeated in this batch' });
        if (fields.value.categoryId && !categories.has(fields.value.categoryId)) {
          return details.push({ path: `rows[${index}].categoryId`, message: 'no such category' });
        }
        seen.add(fields.value.sku);
        checked.push(fields.value);
      });
      if (details.length) return err(appError('validation_failed', `${details.length} rows are invalid; nothing was imported`, { details }));

      const existing = new Map((await tx.products.bySkus(companyId, [...seen])).map((p) => [p.sku, p]));
      const now = this.clock.now();
      const pairs = checked.map((fields) => {
        const before = existing.get(fields.sku) ?? null;
        const after: Product = before
          ? { ...before, ...fields, updatedAt: now }
          : { ...fields, id: this.ids.next(), companyId, createdAt: now, updatedAt: now };
        return { before, after };
      });
      await tx.products.saveMany(pairs.map((p) => p.after));
      await this.changes.record(tx, pairs);
      const updated = pairs.filter((p) => p.before).length;
      return ok({ created: pairs.length - updated, updated });
    });
  }
}
