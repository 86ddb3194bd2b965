import { invalid, type AppError } from '../shared/errors';
import { err, ok, type Result } from '../shared/result';

export interface Category {
  readonly id: string;
  readonly companyId: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly createdAt: Date;
}

export const CATEGORY_NAME_MAX = 120;

export function categoryName(raw: string): Result<string, AppError<'validation_failed'>> {
  const name = raw.trim();
  if (name.length === 0 || name.length > CATEGORY_NAME_MAX) {
    return err(invalid('name', `name must be 1..${CATEGORY_NAME_MAX} characters`));
  }
  return ok(name);
}

/** True when making `parentId` the parent of `id` would close a loop. */
export function wouldCycle(id: string, parentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
  let cursor = parentId;
  const seen = new Set<string>();
  while (cursor !== null && !seen.has(cursor)) {
    if (cursor === id) return true;
    seen.add(cursor);
    cursor = parentOf.get(cursor) ?? null;
  }
  return false;
}
