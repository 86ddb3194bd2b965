import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../../application/ports/clock';
import { InMemoryMailer } from '../../adapters/memory/in-memory-mailer';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { MailboxMailer } from '../../adapters/mail/mailbox-mailer';
import { SmtpMailer } from '../../adapters/mail/smtp-mailer';
import { CryptoSecrets } from '../../adapters/security/crypto-secrets';
import { JwtAccessTokens } from '../../adapters/security/jwt-access-tokens';
import { MemoryRateLimiter } from '../../adapters/security/memory-rate-limiter';
import { closeRedisClient, openRedisClient, type RedisClient } from '../../adapters/redis/redis-client';
import { redisRateLimiterStore } from '../../adapters/redis/redis-rate-limiter';
import { FlexibleRateLimiter } from '../../adapters/security/flexible-rate-limiter';
import type { RateLimit, RateLimiter } from '../../application/ports/rate-limiter';
import { ScryptPasswordHasher, type ScryptCost } from '../../adapters/security/scrypt-password-hasher';
import { SystemClock } from '../../adapters/system/system-clock';
import { UuidV7Ids } from '../../adapters/system/uuid-v7-ids';
import type { Config } from '../config';
import { TOKENS } from '../tokens';

export interface InfrastructureOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly jwtSecret: string;
  /** Tests pass a FixedClock; everything else uses the system clock. */
  readonly clock?: Clock | undefined;
  /** Tests lower the scrypt cost; production keeps the default. */
  readonly scryptCost?: ScryptCost | undefined;
  /** `memory` keeps sent mail in memory (tests); otherwise SMTP or the .eml mailbox. */
  readonly mail: 'memory' | 'configured';
}

/** SDK events are counted over windows this long, so one full batch fits even the lowest allowance. */
const INGEST_WINDOW_SECONDS = 10;

export function infrastructureModule(options: InfrastructureOptions): ContainerModule {
  const { config } = options;
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.Config).toConstantValue(config);
    bind(TOKENS.Logger).toConstantValue(options.logger);
    bind(TOKENS.Metrics).toResolvedValue(() => {
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      return registry;
    }).inSingletonScope();
    bind(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
    bind(TOKENS.Ids).toConstantValue(new UuidV7Ids());
    bind(TOKENS.PasswordHasher).toConstantValue(new ScryptPasswordHasher(options.scryptCost));
    bind(TOKENS.Secrets).toConstantValue(new CryptoSecrets(options.jwtSecret));
    bind(TOKENS.AccessTokens).toResolvedValue(
      (clock: Clock) =>
        new JwtAccessTokens(
          { secret: options.jwtSecret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
          clock,
        ),
      [TOKENS.Clock],
    ).inSingletonScope();
    bind(TOKENS.Mailer).toConstantValue(
      options.mail === 'memory'
        ? new InMemoryMailer()
        : config.SMTP_URL
          ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM)
          : new MailboxMailer(`${config.DATA_DIR}/mail`, config.MAIL_FROM),
    );
    const limits = new RateLimits(config, options.logger);
    bind(TOKENS.RateLimitConnection).toConstantValue(limits);
    bind(TOKENS.LoginRateLimiter).toResolvedValue(() =>
      limits.limiter('login', { points: config.LOGIN_MAX_ATTEMPTS, durationSeconds: config.LOGIN_WINDOW_SECONDS }),
    );
    bind(TOKENS.RefreshRateLimiter).toResolvedValue(() =>
      limits.limiter('refresh', { points: config.REFRESH_MAX_PER_ADDRESS, durationSeconds: config.REFRESH_WINDOW_SECONDS }),
    );
    bind(TOKENS.PasswordResetEmailRateLimiter).toResolvedValue(() =>
      limits.limiter('reset-email', { points: config.PASSWORD_RESET_MAX_PER_EMAIL, durationSeconds: config.PASSWORD_RESET_WINDOW_SECONDS }),
    );
    bind(TOKENS.PasswordResetAddressRateLimiter).toResolvedValue(() =>
      limits.limiter('reset-address', { points: config.PASSWORD_RESET_MAX_PER_ADDRESS, durationSeconds: config.PASSWORD_RESET_WINDOW_SECONDS }),
    );
    bind(TOKENS.IngestRateLimiter).toResolvedValue(() =>
      limits.limiter('ingest', { points: config.INGEST_MAX_EVENTS_PER_SECOND * INGEST_WINDOW_SECONDS, durationSeconds: INGEST_WINDOW_SECONDS }),
    ).inSingletonScope();
  });
}

/**
 * Where the login, refresh and password-reset limits count (SPEC §1.2): in Redis when REDIS_URL is
 * set, so every replica shares them, each limiter under `<REDIS_KEY_PREFIX>rl:<name>:`; else in
 * this process. One connection serves them all, opened with the first limiter built.
 */
export class RateLimits {
  private client: RedisClient | undefined;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {}

  limiter(name: string, limit: RateLimit): RateLimiter {
    const { REDIS_URL: url, REDIS_CLUSTER: cluster, REDIS_KEY_PREFIX: prefix } = this.config;
    if (!url) return new MemoryRateLimiter(limit);
    this.client ??= openRedisClient({
      url,
      cluster,
      connectionName: 'cg-rate-limits',
      onError: (error) => this.logger.warn({ err: error }, 'redis rate limits unreachable: counting in this process meanwhile'),
    });
    return new FlexibleRateLimiter(redisRateLimiterStore({ client: this.client, keyPrefix: `${prefix}rl:${name}`, limit }));
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await closeRedisClient(client);
  }
}

export { FixedClock };
