// Starts the composed application on a free port for HTTP tests, with a pinned clock,
// cheap scrypt and mail kept in memory. `store` picks memory (default), PGlite or PostgreSQL.
import pino from 'pino';
import { createApp, type App } from '../../composition/app';
import { loadConfig } from '../../composition/config';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import type { InMemoryMailer } from '../../adapters/memory/in-memory-mailer';
import { TOKENS } from '../../composition/tokens';
import { openTestDatabase, type StoreKind, type TestDatabase } from './test-databases';

export const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 };

export interface TestApp {
  readonly app: App;
  readonly baseUrl: string;
  readonly clock: FixedClock;
  readonly mailer: InMemoryMailer;
  close(): Promise<void>;
}

export async function startTestApp(
  options: { store?: StoreKind; env?: Record<string, string>; clock?: FixedClock } = {},
): Promise<TestApp> {
  const kind = options.store ?? 'memory';
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const clock = options.clock ?? new FixedClock(new Date());
  let db: TestDatabase | undefined;
  if (kind !== 'memory') db = await openTestDatabase(kind);
  const app = await createApp({
    config,
    store: kind === 'memory' ? 'memory' : 'database',
    orm: db?.orm,
    jwtSecret: 'test-secret-test-secret-test-secret-0123',
    logger: pino({ level: 'silent' }),
    clock,
    scryptCost: TEST_SCRYPT_COST,
    mail: 'memory',
  });
  const port = await app.listen(0);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    mailer: app.container.get<InMemoryMailer>(TOKENS.Mailer),
    async close() {
      await app.close();
      await db?.close();
    },
  };
}
