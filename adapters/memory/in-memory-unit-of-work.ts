import type { Repositories, Transaction, UnitOfWork } from '../../application/ports/unit-of-work';
import type { Result } from '../../domain/shared/result';
import { InMemoryAnalyticsEvents } from './in-memory-analytics-events';
import { InMemoryApiKeyRepository } from './in-memory-api-key-repository';
import { InMemoryCategoryRepository } from './in-memory-category-repository';
import { InMemoryCompanyRepository } from './in-memory-company-repository';
import { InMemoryInterestRepository } from './in-memory-interest-repository';
import { InMemoryNotificationPreferenceRepository, InMemoryNotificationRepository } from './in-memory-notification-repository';
import { InMemoryOrderRepository } from './in-memory-order-repository';
import { InMemoryOutbox } from './in-memory-outbox';
import { InMemoryPasswordResetRepository } from './in-memory-password-reset-repository';
import { InMemoryPriceHistoryRepository } from './in-memory-price-history-repository';
import { InMemoryProcessedEventRepository } from './in-memory-processed-event-repository';
import { InMemoryProductRepository } from './in-memory-product-repository';
import { InMemoryRefreshTokenRepository } from './in-memory-refresh-token-repository';
import { InMemorySessionStates } from './in-memory-session-states';
import { InMemoryUserRepository } from './in-memory-user-repository';
import { InMemoryVisionBoardRepository } from './in-memory-vision-board-repository';
import { InMemoryWatchlistRepository } from './in-memory-watchlist-repository';
import type { MemoryStore } from './memory-store';

export function inMemoryRepositories(store: MemoryStore): Transaction {
  return {
    companies: new InMemoryCompanyRepository(store),
    users: new InMemoryUserRepository(store),
    refreshTokens: new InMemoryRefreshTokenRepository(store),
    sessions: new InMemorySessionStates(store),
    passwordResets: new InMemoryPasswordResetRepository(store),
    apiKeys: new InMemoryApiKeyRepository(store),
    categories: new InMemoryCategoryRepository(store),
    products: new InMemoryProductRepository(store),
    prices: new InMemoryPriceHistoryRepository(store),
    orders: new InMemoryOrderRepository(store),
    interests: new InMemoryInterestRepository(store),
    watchlist: new InMemoryWatchlistRepository(store),
    visionBoards: new InMemoryVisionBoardRepository(store),
    notifications: new InMemoryNotificationRepository(store),
    notificationPreferences: new InMemoryNotificationPreferenceRepository(store),
    outbox: new InMemoryOutbox(store),
    inbox: new InMemoryProcessedEventRepository(store),
    analyticsEvents: new InMemoryAnalyticsEvents(store),
  };
}

export class InMemoryUnitOfWork implements UnitOfWork {
  private readonly repos: Transaction;

  constructor(private readonly store: MemoryStore) {
    this.repos = inMemoryRepositories(store);
  }

  run<T, E>(work: (tx: Transaction) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.store.transaction(
      () => work(this.repos),
      (result) => result.ok,
    );
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(this.repos);
  }
}
