// Starts the composed application on a free port for HTTP tests, with a pinned clock,
// cheap scrypt and mail kept in memory. `store` picks memory (default), PGlite or PostgreSQL.
import pino from 'pino';
import { createApp, type App } from '../../composition/app';
import { loadConfig } from '../../composition/config';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import type { InMemoryMailer } from '../../adapters/memory/in-memory-mailer';
import type { OutboxPump } from '../../adapters/system/outbox-pump';
import { TOKENS } from '../../composition/tokens';
import type { EventConsumer } from '../../application/ports/message-bus';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { openTestDatabase, type StoreKind, type TestDatabase } from './test-databases';

export const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 };

/** Every event type the app emits so far (SPEC §3.7); the recorder subscribes to all of them. */
export const EVENT_TYPES = [
  'CompanyCreated', 'UserRegistered', 'ProductUpserted', 'PriceChanged', 'StockChanged',
  'OrderPlaced', 'OrderStatusChanged', 'InterestsUpdated', 'WatchlistChanged', 'PasswordResetRequested',
  'AnalyticsEventsIngested',
] as const;

export interface TestApp {
  readonly app: App;
  readonly baseUrl: string;
  readonly clock: FixedClock;
  readonly mailer: InMemoryMailer;
  /** Every event delivered through the in-process bus, in delivery order. */
  readonly delivered: DomainEvent[];
  /** Resolves once the outbox relay is idle: every committed event has been delivered. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApp(
  options: {
    store?: StoreKind;
    env?: Record<string, string>;
    clock?: FixedClock;
    consumers?: readonly EventConsumer[];
    /** A database shared with another process under test (a worker); the caller closes it. */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const kind = options.store ?? 'memory';
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const clock = options.clock ?? new FixedClock(new Date());
  let db: TestDatabase | undefined;
  if (kind !== 'memory' && !options.database) db = await openTestDatabase(kind);
  const orm = options.database?.orm ?? db?.orm;
  const delivered: DomainEvent[] = [];
  const recorder = { name: 'test-recorder', eventTypes: EVENT_TYPES, handle: async ({ event }: { event: DomainEvent }) => void delivered.push(event) };
  const app = await createApp({
    config,
    store: orm ? 'database' : 'memory',
    orm,
    jwtSecret: 'test-secret-test-secret-test-secret-0123',
    logger: pino({ level: 'silent' }),
    clock,
    scryptCost: TEST_SCRYPT_COST,
    mail: 'memory',
    extraConsumers: [recorder, ...(options.consumers ?? [])],
  });
  const port = await app.listen(0);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    mailer: app.container.get<InMemoryMailer>(TOKENS.Mailer),
    delivered,
    settle: () => app.container.get<OutboxPump>(TOKENS.OutboxPump).idle(),
    async close() {
      await app.close();
      await db?.close();
    },
  };
}
