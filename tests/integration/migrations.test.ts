import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/database';
import { MIGRATIONS } from '../../adapters/postgres/migrations';
import { createEmptyPostgresDatabase, openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

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

  it('compress the ClickHouse journal with lz4 where the server has it (PGlite has not)', async () => {
    const db = await openTestDatabase(kind);
    opened.push(db);
    const [column] = await db.orm.em.fork().execute<{ compression: string }[]>(
      `select attcompression as compression from pg_attribute where attrelid = 'analytics_journal'::regclass and attname = 'events'`,
    );
    expect(column?.compression).toBe(kind === 'postgres' ? 'l' : '');
  });
});

describe.skipIf(!(kinds as readonly string[]).includes('postgres'))('replicas starting together on an empty PostgreSQL database', () => {
  it('all start, and each migration is applied once', async () => {
    const empty = await createEmptyPostgresDatabase();
    try {
      const orms = await Promise.all(Array.from({ length: 3 }, () => openDatabase({ kind: 'postgres', url: empty.url, poolSize: 2 })));
      try {
        const [applied] = await orms[0]!.em.fork().execute('select count(*)::int as n from mikro_orm_migrations');
        expect(applied).toEqual({ n: MIGRATIONS.length });
      } finally {
        await Promise.all(orms.map((orm) => orm.close(true)));
      }
    } finally {
      await empty.drop();
    }
  });
});
