// `npm run cli -- <command>`: migrations, demo data and admin tasks.
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CLI_ADVICE, lockDataDirOrExit } from './data-dir';
import { exitOnCrash, loadConfigOrExit } from './entry-point';

// The store, the app and the logger load after the lock, so a refused command leaves at once.
const database = () => import('../adapters/postgres/database');

const HELP = `usage: npm run cli -- <command> [options]

commands:
  migrate                     apply pending migrations to the configured store
  migration:create [--name n] generate a migration from the mappings (diffed against a fresh
                              embedded database with every committed migration applied)
  seed-demo [--products n]    fill a demo company (categories, products, customers, orders,
            [--customers n]   interests) and print how to log in as its owner
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfigOrExit(new URL('./pglite-template', import.meta.url));
  switch (command) {
    case 'migrate': {
      await lockDataDirOrExit(config, CLI_ADVICE);
      await mkdir(config.DATA_DIR, { recursive: true });
      const orm = await (await database()).openDatabase(config.database);
      console.log(`migrations applied to ${config.database.kind}`);
      await orm.close();
      return;
    }
    case 'migration:create': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
      const { MIGRATIONS_DIR, openOrm } = await database();
      const orm = await openOrm({ kind: 'pglite' });
      try {
        await orm.getMigrator().up();
        const created = await orm.getMigrator().createMigration(MIGRATIONS_DIR, false, false, values.name);
        if (created.diff.up.length === 0) console.log('mappings and migrations agree: nothing to generate');
        else console.log(`wrote ${MIGRATIONS_DIR}/${created.fileName}; review it and add it to migrations/index.ts`);
      } finally {
        await orm.close();
      }
      return;
    }
    case 'seed-demo': {
      const { values } = parseArgs({
        args: rest,
        options: { products: { type: 'string', default: '300' }, customers: { type: 'string', default: '40' } },
      });
      await lockDataDirOrExit(config, CLI_ADVICE);
      await mkdir(config.DATA_DIR, { recursive: true });
      const [{ seedDemo }, { createLogger }] = await Promise.all([import('./seed-demo'), import('./logger')]);
      await seedDemo(config, createLogger('warn'), { products: Number(values.products), customers: Number(values.customers) });
      return;
    }
    default:
      console.log(HELP);
      if (command && !['help', '--help', '-h'].includes(command)) process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch(exitOnCrash);
