// An empty DATA_DIR starts from the PGlite template the build makes (a copy instead of initdb
// and every migration: SPEC §4 cold start). What must hold: the copy is the template's database
// with every migration; a migration newer than the template still applies; a missing template
// falls back to initdb; a directory that already holds a store is never replaced.
import type { MikroORM } from '@mikro-orm/postgresql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTemplate, openDatabase, openOrm } from '../../adapters/postgres/database';
import { MIGRATIONS } from '../../adapters/postgres/migrations';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cg-pglite-template-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const allNames = MIGRATIONS.map((migration) => migration.name);

async function executed(orm: MikroORM): Promise<string[]> {
  return (await orm.getMigrator().getExecutedMigrations()).map((migration) => migration.name);
}

/** initdb gives every database cluster an identifier of its own; a copy keeps its template's. */
async function systemIdentifier(orm: MikroORM): Promise<string> {
  const [row] = await orm.em.fork().getConnection().execute<{ id: string }[]>('select system_identifier::text as id from pg_control_system()');
  return row!.id;
}

/** Opens `dataDir` (from `template` when given), runs `use`, closes. */
async function withStore<T>(dataDir: string, template: string | undefined, use: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await openDatabase({ kind: 'pglite', dataDir, template });
  try {
    return await use(orm);
  } finally {
    await orm.close();
  }
}

// Each test boots PGlite two to four times (about a second each idle, ten times that on a busy machine).
const SLOW_MS = 180_000;

describe('PGlite template for an empty DATA_DIR', () => {
  it('a first start copies the template: its database, every migration applied, nothing for the mappings to change', async () => {
    const template = join(scratch, 'full-template');
    await createPgliteTemplate(template);
    const copied = await withStore(join(scratch, 'from-full'), template, async (orm) => {
      expect(await executed(orm)).toEqual(allNames);
      expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
      return systemIdentifier(orm);
    });
    expect(copied).toBe(await withStore(template, undefined, systemIdentifier));
  }, SLOW_MS);

  it('a migration newer than the template applies on the copy', async () => {
    const template = join(scratch, 'older-template');
    await createPgliteTemplate(template, MIGRATIONS.slice(0, -1));
    const inTemplate = await openOrm({ kind: 'pglite', dataDir: template }); // opens without migrating
    try {
      expect(await executed(inTemplate)).toEqual(allNames.slice(0, -1));
    } finally {
      await inTemplate.close();
    }
    await withStore(join(scratch, 'from-older'), template, async (orm) => {
      expect(await executed(orm)).toEqual(allNames);
      expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    });
  }, SLOW_MS);

  it('a missing template falls back to initdb, and a store already there is kept, not replaced', async () => {
    const template = join(scratch, 'full-template'); // made by the first test
    const dataDir = join(scratch, 'initdb');
    const own = await withStore(dataDir, join(scratch, 'no-such-template'), async (orm) => {
      expect(await executed(orm)).toEqual(allNames);
      await orm.em.fork().getConnection().execute('create table kept (id int)');
      return systemIdentifier(orm);
    });
    expect(own).not.toBe(await withStore(template, undefined, systemIdentifier));
    await withStore(dataDir, template, async (orm) => {
      expect(await systemIdentifier(orm)).toBe(own);
      expect(await orm.em.fork().getConnection().execute('select count(*)::int as n from kept')).toEqual([{ n: 0 }]);
    });
  }, SLOW_MS);
});
