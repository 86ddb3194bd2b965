// CompanyRepository: tenants by id and slug; the slug is unique even under concurrent inserts.
import { expect, it } from 'vitest';
import type { Company } from '../../domain/identity/company';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId, uniqueSlug } from '../support/unique';

export function companyRepositoryContract(store: StoreGetter): void {
  const company = (extra: Partial<Company> = {}): Company => ({
    id: uniqueId(), name: 'Acme', slug: uniqueSlug(), createdAt: new Date('2026-01-01T08:00:00.123Z'), ...extra,
  });
  const add = (c: Company) => store().uow.run(async (tx) => ok(await tx.companies.add(c)));

  it('adds a company and finds it by id and by slug', async () => {
    const c = company();
    expect(await add(c)).toEqual(ok(true));
    const companies = await store().uow.read(async (r) => r.companies);
    expect(await companies.byId(c.id)).toEqual(c);
    expect(await companies.bySlug(c.slug)).toEqual(c);
    expect(await companies.byId(uniqueId())).toBeNull();
    expect(await companies.bySlug(uniqueSlug())).toBeNull();
  });

  it('lists every company id in id order', async () => {
    const added = [company(), company(), company()];
    for (const c of added) await add(c);
    const all = await store().uow.read((r) => r.companies.allIds());
    expect([...all].sort()).toEqual(all);
    expect(all).toEqual(expect.arrayContaining(added.map((c) => c.id)));
  });

  it('refuses a second company with a taken slug and keeps the first', async () => {
    const first = company();
    await add(first);
    expect(await add(company({ slug: first.slug, name: 'Copycat' }))).toEqual(ok(false));
    expect(await store().uow.read((r) => r.companies.bySlug(first.slug))).toEqual(first);
  });

  it('lets exactly one of two concurrent registrations of a slug win', async () => {
    const slug = uniqueSlug();
    const slowAdd = (c: Company) =>
      store().uow.run(async (tx) => {
        const added = await tx.companies.add(c);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return ok(added);
      });
    const results = await Promise.all([slowAdd(company({ slug })), slowAdd(company({ slug }))]);
    expect(results.map((r) => r.ok && r.value).sort()).toEqual([false, true]);
  });

  it('saves changes in place', async () => {
    const c = company();
    await add(c);
    await store().uow.run(async (tx) => ok(await tx.companies.save({ ...c, name: 'Acme Renamed' })));
    expect(await store().uow.read((r) => r.companies.byId(c.id))).toEqual({ ...c, name: 'Acme Renamed' });
  });

  it('writes nothing when the transaction fails', async () => {
    const c = company();
    await store().uow.run(async (tx) => {
      await tx.companies.add(c);
      return { ok: false as const, error: 'rolled back' };
    });
    expect(await store().uow.read((r) => r.companies.byId(c.id))).toBeNull();
  });
}
