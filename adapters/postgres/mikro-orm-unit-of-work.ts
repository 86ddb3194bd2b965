import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AnalyticsEventLog } from '../../application/ports/analytics-event-store';
import type { Repositories, Transaction, UnitOfWork } from '../../application/ports/unit-of-work';
import type { Result } from '../../domain/shared/result';
import { MikroOrmAnalyticsEventLog } from './mikro-orm-analytics-event-log';
import { MikroOrmApiKeyRepository } from './mikro-orm-api-key-repository';
import { MikroOrmCategoryRepository } from './mikro-orm-category-repository';
import { MikroOrmCompanyRepository } from './mikro-orm-company-repository';
import { MikroOrmInterestRepository } from './mikro-orm-interest-repository';
import { MikroOrmNotificationPreferenceRepository } from './mikro-orm-notification-preferences';
import { MikroOrmNotificationRepository } from './mikro-orm-notification-repository';
import { MikroOrmOrderRepository } from './mikro-orm-order-repository';
import { MikroOrmOutbox } from './mikro-orm-outbox';
import { MikroOrmPasswordResetRepository } from './mikro-orm-password-reset-repository';
import { MikroOrmPriceHistoryRepository } from './mikro-orm-price-history-repository';
import { MikroOrmProcessedEventRepository } from './mikro-orm-processed-event-repository';
import { MikroOrmProductRepository } from './mikro-orm-product-repository';
import { MikroOrmRefreshTokenRepository } from './mikro-orm-refresh-token-repository';
import { MikroOrmSessionStates } from './mikro-orm-session-states';
import { MikroOrmUserRepository } from './mikro-orm-user-repository';
import { MikroOrmVisionBoardRepository } from './mikro-orm-vision-board-repository';
import { MikroOrmWatchlistRepository } from './mikro-orm-watchlist-repository';
import { inTransaction } from './transaction';

function repositories(em: EntityManager, analyticsEvents: (em: EntityManager) => AnalyticsEventLog): Transaction {
  return {
    companies: new MikroOrmCompanyRepository(em),
    users: new MikroOrmUserRepository(em),
    refreshTokens: new MikroOrmRefreshTokenRepository(em),
    sessions: new MikroOrmSessionStates(em),
    passwordResets: new MikroOrmPasswordResetRepository(em),
    apiKeys: new MikroOrmApiKeyRepository(em),
    categories: new MikroOrmCategoryRepository(em),
    products: new MikroOrmProductRepository(em),
    prices: new MikroOrmPriceHistoryRepository(em),
    orders: new MikroOrmOrderRepository(em),
    interests: new MikroOrmInterestRepository(em),
    watchlist: new MikroOrmWatchlistRepository(em),
    visionBoards: new MikroOrmVisionBoardRepository(em),
    notifications: new MikroOrmNotificationRepository(em),
    notificationPreferences: new MikroOrmNotificationPreferenceRepository(em),
    outbox: new MikroOrmOutbox(em),
    inbox: new MikroOrmProcessedEventRepository(em),
    analyticsEvents: analyticsEvents(em),
  };
}

export interface MikroOrmUnitOfWorkOptions {
  /** Where the transaction's SDK events go; default: straight into the partitioned events table. */
  readonly analyticsEvents?: (em: EntityManager) => AnalyticsEventLog;
}

/**
 * One forked EntityManager per unit of work, so requests never share an identity map.
 * Repositories write with native queries (insert/upsert/update), so nothing waits for a flush
 * (see `inTransaction`).
 */
export class MikroOrmUnitOfWork implements UnitOfWork {
  private readonly analyticsEvents: (em: EntityManager) => AnalyticsEventLog;

  constructor(
    private readonly orm: MikroORM,
    options: MikroOrmUnitOfWorkOptions = {},
  ) {
    this.analyticsEvents = options.analyticsEvents ?? ((em) => new MikroOrmAnalyticsEventLog(em));
  }

  run<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return inTransaction(this.orm.em, (em) => work(repositories(em, this.analyticsEvents)), (result) => result.ok);
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(repositories(this.orm.em.fork({ clear: true }), this.analyticsEvents));
  }
}
