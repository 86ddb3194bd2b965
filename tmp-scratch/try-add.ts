import { openDatabase } from '/work/main/adapters/postgres/database';
import { MikroOrmCompanyRepository } from '/work/main/adapters/postgres/mikro-orm-company-repository';
const orm = await openDatabase({ kind: 'pglite' });
const repo = new MikroOrmCompanyRepository(orm.em.fork());
const c = { id: 'a', name: 'A', slug: 'acme', createdAt: new Date() };
console.log(await repo.add(c));
console.log(await repo.add({ ...c, id: 'b' }));
console.log(await repo.bySlug('acme'));
await orm.close();
