import type { Result } from '../../domain/shared/result';
import type { AnalyticsEventLog } from './analytics-event-store';
import type { ApiKeyRepository } from './api-key-repository';
import type { CategoryRepository } from './category-repository';
import type { CompanyRepository } from './company-repository';
import type { InterestRepository } from './interest-repository';
import type { NotificationPreferenceRepository, NotificationRepository } from './notification-repository';
import type { OrderRepository } from './order-repository';
import type { Outbox } from './outbox';
import type { PasswordResetRepository } from './password-reset-repository';
import type { PriceHistoryRepository } from './price-history-repository';
import type { ProcessedEventRepository } from './processed-event-repository';
import type { ProductRepository } from './product-repository';
import type { RefreshTokenRepository } from './refresh-token-repository';
import type { SessionStates } from './session-states';
import type { UserRepository } from './user-repository';
import type { VisionBoardRepository } from './vision-board-repository';
import type { WatchlistRepository } from './watchlist-repository';

/** Every repository, bound to one transaction (or one read scope). */
export interface Repositories {
  readonly companies: CompanyRepository;
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly sessions: SessionStates;
  readonly passwordResets: PasswordResetRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly categories: CategoryRepository;
  readonly products: ProductRepository;
  readonly prices: PriceHistoryRepository;
  readonly orders: OrderRepository;
  readonly interests: InterestRepository;
  readonly watchlist: WatchlistRepository;
  readonly visionBoards: VisionBoardRepository;
  readonly notifications: NotificationRepository;
  readonly notificationPreferences: NotificationPreferenceRepository;
}

export interface Transaction extends Repositories {
  readonly outbox: Outbox;
  /** Consumers claim each event id here, in the transaction of their side effect. */
  readonly inbox: ProcessedEventRepository;
  /** SDK events (SPEC §3.9): durable, and deduped, when the transaction commits. */
  readonly analyticsEvents: AnalyticsEventLog;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction: commits when it returns ok, rolls everything back
   * (outbox included) when it returns an error or throws.
   */
  run<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>): Promise<Result<T, E>>;
  /** Runs read-only work without a transaction. */
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
