import type { Product } from '../../domain/catalog/product';
import { checkProductFields, keepsCurrency, type ProductFields } from '../../domain/catalog/product-rules';
import type { Actor } from '../../domain/identity/actor';
import { appError, conflict, type AppError, type ErrorDetail } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';
import { withDefaults, type ProductChanges, type ProductInput } from './product-changes';

export const MAX_IMPORT_ROWS = 1000;

export interface ImportProductsInput {
  readonly actor: Actor;
  /** Full rows: an existing sku's product takes every field of its row (absent ones get defaults). */
  readonly rows: readonly ProductInput[];
}
export interface ImportProductsOutput {
  readonly created: number;
  readonly updated: number;
}
export type ImportProductsError = AppError<'forbidden' | 'validation_failed' | 'conflict'>;

/**
 * Bulk upsert by sku in one write: every row or none, with every bad row named (`rows[3].price`).
 * A row pricing an existing sku in another currency refuses the batch with `conflict`.
 */
export class ImportProducts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: ProductChanges,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: ImportProductsInput): Promise<Result<ImportProductsOutput, ImportProductsError>> {
    return this.uow.run(async (tx): Promise<Result<ImportProductsOutput, ImportProductsError>> => {
      const allowed = requireRole(input.actor, 'staff');
      if (!allowed.ok) return allowed;
      if (input.rows.length === 0 || input.rows.length > MAX_IMPORT_ROWS) {
        const message = `Send 1..${MAX_IMPORT_ROWS} rows`;
        return err(appError('validation_failed', message, { details: [{ path: 'rows', message }] }));
      }
      const { companyId } = input.actor;
      const categories = new Set((await tx.categories.all(companyId)).map((c) => c.id));
      const checked = checkRows(input.rows, categories);
      if (!checked.ok) {
        const { details } = checked.error;
        return err(appError('validation_failed', `${details.length} problems in the rows; nothing was imported`, { details }));
      }

      const existing = new Map((await tx.products.bySkus(companyId, checked.value.map((f) => f.sku))).map((p) => [p.sku, p]));
      const moved = currencyChanges(checked.value, existing);
      if (moved.length) {
        return err(appError('conflict', `Rows pricing a product in another currency than its own: ${moved.length}; nothing was imported`, { details: moved }));
      }
      const now = this.clock.now();
      const changes = checked.value.map((fields) => {
        const before = existing.get(fields.sku) ?? null;
        const after: Product = before
          ? { ...before, ...fields, updatedAt: now }
          : { ...fields, id: this.ids.next(), companyId, createdAt: now, updatedAt: now };
        return { before, after };
      });
      // Only a concurrent writer can make this fail: the skus were checked above.
      if (!(await tx.products.saveMany(changes.map((c) => c.after)))) return err(conflict('Another write took one of these skus; retry'));
      await this.changes.record(tx, changes);
      const updated = changes.filter((c) => c.before).length;
      return ok({ created: changes.length - updated, updated });
    });
  }
}

/** The rows whose price is in another currency than their sku's product (rows in batch order). */
function currencyChanges(rows: readonly ProductFields[], existing: ReadonlyMap<string, Product>): ErrorDetail[] {
  return rows.flatMap((row, index) => {
    const before = existing.get(row.sku);
    const kept = before ? keepsCurrency(before, row.price, `rows[${index}].price`) : null;
    return kept && !kept.ok ? (kept.error.details ?? []) : [];
  });
}

/** Every row checked like a single create; a sku may appear once per batch. */
function checkRows(rows: readonly ProductInput[], categories: ReadonlySet<string>): Result<ProductFields[], { details: ErrorDetail[] }> {
  const details: ErrorDetail[] = [];
  const checked: ProductFields[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const fields = checkProductFields(withDefaults(row), `rows[${index}]`);
    if (!fields.ok) return details.push(...(fields.error.details ?? []));
    const { sku, categoryId } = fields.value;
    if (seen.has(sku)) return details.push({ path: `rows[${index}].sku`, message: 'sku repeated in this batch' });
    if (categoryId && !categories.has(categoryId)) return details.push({ path: `rows[${index}].categoryId`, message: 'no such category' });
    seen.add(sku);
    checked.push(fields.value);
  });
  return details.length ? err({ details }) : ok(checked);
}
