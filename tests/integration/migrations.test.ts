import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../adapters/postgres/migrations';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

const kinds = (await postgresAvailable()) ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(kinds)('committed migrations on %s', (kind) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  it('apply at start and leave nothing for the mappings to change', async () => {
    const db = await openTestDatabase(kind);
    opened.push(db);
    const executed = await db.orm.getMigrator().getExecutedMigrations();
    expect(executed.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect((await db.orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
  });
});
