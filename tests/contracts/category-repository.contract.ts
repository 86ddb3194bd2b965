import { expect, it } from 'vitest';
import type { Category } from '../../domain/catalog/category';
import { InvalidCursor } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import { malformedCursors } from '../support/keyset-pages';
import { uniqueId } from '../support/unique';
import type { StoreGetter } from '../support/stores';

export function categoryRepositoryContract(store: StoreGetter): void {
  const category = (companyId: string, name: string, parentId: string | null = null): Category => ({
    id: uniqueId(),
    companyId,
    name,
    parentId,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });

  const save = (...categories: Category[]) =>
    store().uow.run(async (tx) => {
      for (const c of categories) await tx.categories.save(c);
      return ok(undefined);
    });

  it('reads back what it saved, and nothing of another company', async () => {
    const company = uniqueId();
    const shoes = category(company, 'Shoes');
    await save(shoes);
    const categories = await store().uow.read(async (r) => r.categories);
    expect(await categories.byId(company, shoes.id)).toEqual(shoes);
    expect(await categories.byId(uniqueId(), shoes.id)).toBeNull();
    expect(await categories.byId(company, uniqueId())).toBeNull();
  });

  it('lists by name and pages through every category exactly once', async () => {
    const company = uniqueId();
    const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo'];
    await save(...names.map((n) => category(company, n)), category(uniqueId(), 'other company'));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().uow.read((r) => r.categories.list(company, { limit: 2, cursor }));
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
  });

  it('refuses cursors not of its list', async () => {
    const categories = await store().uow.read(async (r) => r.categories);
    for (const cursor of malformedCursors([1, 'id'])) await expect(categories.list(uniqueId(), { limit: 2, cursor }), cursor).rejects.toThrow(InvalidCursor);
  });

  it('knows taken names per parent, case-insensitively, excluding the category itself', async () => {
    const company = uniqueId();
    const parent = category(company, 'Parent');
    const child = category(company, 'Boots', parent.id);
    await save(parent, child);
    const repo = await store().uow.read(async (r) => r.categories);
    expect(await repo.nameTaken(company, parent.id, 'BOOTS')).toBe(true);
    expect(await repo.nameTaken(company, null, 'boots')).toBe(false);
    expect(await repo.nameTaken(company, parent.id, 'boots', child.id)).toBe(false);
    expect(await repo.hasChildren(company, parent.id)).toBe(true);
    expect(await repo.hasChildren(company, child.id)).toBe(false);
  });

  it('updates in place and removes only within the company', async () => {
    const company = uniqueId();
    const c = category(company, 'Old');
    await save(c);
    await save({ ...c, name: 'New' });
    await store().uow.run(async (tx) => {
      await tx.categories.remove(uniqueId(), c.id);
      return ok(undefined);
    });
    expect((await store().uow.read((r) => r.categories.byId(company, c.id)))?.name).toBe('New');
    await store().uow.run(async (tx) => {
      await tx.categories.remove(company, c.id);
      return ok(undefined);
    });
    expect(await store().uow.read((r) => r.categories.byId(company, c.id))).toBeNull();
  });
}
