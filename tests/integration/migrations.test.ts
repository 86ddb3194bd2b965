import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/database';
import { MIGRATIONS } from '../../adapters/postgres/migrations';
import { MikroOrmAnalyticsEventStore } from '../../adapters/postgres/mikro-orm-analytics-event-store';
import { SqlAnalyticsRollups } from '../../adapters/postgres/sql-analytics-rollups';
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

  it('mark the days of events stored before the rollup existed, and its first run takes them in', async () => {
    const db = await openTestDatabase(kind);
    opened.push(db);
    await new MikroOrmAnalyticsEventStore(db.orm.em, kind === 'postgres' ? 'postgresql' : 'pglite').prepare(new Date('2001-05-01T00:00:00Z'), new Date('2001-06-01T00:00:00Z'));
    const migrator = db.orm.getMigrator();
    await migrator.down({ to: 'Migration20261206170000_analytics_viewed_product' });
    await db.orm.em.fork().execute(
      `insert into analytics_events (company_id, message_id, type, user_id, properties, traits, "timestamp", received_at)
       values ('c1', 'm1', 'page', 'u1', '{}', '{}', '2001-05-02T23:59:59.999Z', now()), ('c1', 'm2', 'page', 'u1', '{}', '{}', '2001-05-03T00:00:00Z', now()),
              ('c1', 'm3', 'page', 'u2', '{}', '{}', '2001-05-03T10:00:00Z', now()), ('c2', 'm1', 'page', 'u1', '{}', '{}', '2001-05-03T10:00:00Z', now())`,
    );
    await migrator.up();
    const marks = await db.orm.em.fork().execute('select company_id, day::text as day, claim::int as claim from analytics_rollup_marks order by 1, 2');
    expect(marks).toEqual([
      { company_id: 'c1', day: '2001-05-02', claim: 0 },
      { company_id: 'c1', day: '2001-05-03', claim: 0 },
      { company_id: 'c2', day: '2001-05-03', claim: 0 },
    ]);

    await new SqlAnalyticsRollups(db.orm.em).rollUp();
    const rolled = await db.orm.em.fork().execute('select company_id, day::text as day, identity from analytics_daily_identities order by 1, 2, 3');
    expect(rolled).toEqual([
      { company_id: 'c1', day: '2001-05-02', identity: 'u1' },
      { company_id: 'c1', day: '2001-05-03', identity: 'u1' },
      { company_id: 'c1', day: '2001-05-03', identity: 'u2' },
      { company_id: 'c2', day: '2001-05-03', identity: 'u1' },
    ]);
    expect(await db.orm.em.fork().execute('select count(*)::int as n from analytics_rollup_marks')).toEqual([{ n: 0 }]);
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
