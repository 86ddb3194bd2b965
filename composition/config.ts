// Configuration from the environment, validated at start: a bad value stops the
// process with a message that names the variable (SPEC §1.1).
import { z } from 'zod';

const PostgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

const DelayList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 1000,5000,30000')
  .transform((v) => v.split(',').map(Number))
  .refine((delays) => delays.every((d) => d >= 10 && d <= 86_400_000), 'each delay must be 10..86400000 ms');

/** `*`, or comma-separated origins such as `https://app.example.com,http://localhost:5173`. */
const OriginList = z
  .string()
  .transform((v) => v.split(',').map((origin) => origin.trim()))
  .refine((origins) => origins.length === 1 || !origins.includes('*'), '`*` stands alone, not in a list')
  .refine((origins) => origins.every((o) => o === '*' || isOrigin(o)), 'each must be an origin like https://app.example.com (scheme, host, optional port; no path), or *')
  .transform((origins): '*' | readonly string[] => (origins[0] === '*' ? '*' : origins));

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: PostgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('conversion-graph'),
  JWT_AUDIENCE: z.string().min(1).default('conversion-graph-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // How long a replica trusts the store's word on a session; capped at 1 s, SPEC §3.1's bound for a revocation.
  SESSION_CHECK_MS: z.coerce.number().int().min(0).max(1000).default(500),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  REFRESH_REUSE_LEEWAY_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  REFRESH_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(60),
  REFRESH_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  PASSWORD_RESET_MAX_PER_EMAIL: z.coerce.number().int().min(1).max(100_000).default(3),
  PASSWORD_RESET_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  PASSWORD_RESET_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Conversion Graph <no-reply@conversion-graph.local>'),
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  CORS_ORIGINS: OriginList.default('*'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  AMQP_URL: z.string().regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL').optional(),
  AMQP_EXCHANGE: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/).default('conversion.events'),
  AMQP_QUEUE_TYPE: z.enum(['auto', 'quorum', 'classic']).default('auto'),
  CONSUMER_PREFETCH: z.coerce.number().int().min(1).max(1000).default(32),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  CONSUMER_RETRY_DELAYS_MS: DelayList.default([1000, 5000, 30_000, 120_000]),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{0,50}$/).default('cg:'),
  // true: REDIS_URL names any one node of a Redis Cluster (the others are discovered); keys use hash tags.
  REDIS_CLUSTER: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  CACHE_MAX_ENTRIES: z.coerce.number().int().min(100).max(10_000_000).default(50_000),
  NEO4J_URL: z.string().regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'must be a neo4j:// or bolt:// URL').optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().min(1).default('password'),
  NEO4J_DATABASE: z.string().min(1).optional(),
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(300),
  GRAPH_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  // A running rebuild whose process renewed nothing for this long is failed (its process died); renewed every quarter of it.
  GRAPH_REBUILD_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  // The analytics event store: ClickHouse (fed from a journal in the relational store) when set, else the relational store.
  CLICKHOUSE_URL: z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL, e.g. http://user:password@clickhouse:8123/analytics').optional(),
  // A ClickHouse request without an answer by then fails; the journal's leases last six times this.
  CLICKHOUSE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  // Events each SDK key may send per second, counted over 10-second windows (so a 1000-event batch fits any rate from 100).
  INGEST_MAX_EVENTS_PER_SECOND: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  // Events timestamped longer ago are dropped, whole months at a time; ingestion refuses them.
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(31).max(3650).default(400),
  // How often each API process brings the SQL event store's daily rollup up to date (answers never wait for it; see ARCHITECTURE.md).
  ANALYTICS_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(15_000),
  // A notification delivery taken for sending and unfinished this long lost its sender mid-send: the sweep fails it (never resends it).
  NOTIFICATION_SENDING_LEASE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  // How often the processes that run consumers sweep the deliveries senders left.
  NOTIFICATION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
});

export type Env = z.infer<typeof EnvSchema>;

/** Every variable the configuration reads, so deployment files can be checked against it. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface Config extends Env {
  /** Where the relational store lives: PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR. */
  readonly database:
    | { kind: 'postgres'; url: string }
    /** `template`: the built PGlite template an empty DATA_DIR starts from (set by the entry points, see pglite-template.ts). */
    | { kind: 'pglite'; dataDir: string; template?: string | undefined };
}

export class ConfigError extends Error {}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production' && !values.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
  }
  if (values.NODE_ENV === 'production' && !values.METRICS_TOKEN && values.METRICS_PORT === undefined) {
    throw new ConfigError('Invalid configuration:\n  METRICS_TOKEN or METRICS_PORT: one is required when NODE_ENV=production, so /metrics is not public');
  }
  return {
    ...values,
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL }
      : { kind: 'pglite', dataDir: `${values.DATA_DIR}/pglite` },
  };
}
