import { describeEachStore } from '../support/stores';
import {
  interestRepositoryContract, orderRepositoryContract, priceHistoryRepositoryContract, watchlistRepositoryContract,
} from './commerce-repositories.contract';

await describeEachStore('OrderRepository', orderRepositoryContract);
await describeEachStore('InterestRepository', interestRepositoryContract);
await describeEachStore('WatchlistRepository', watchlistRepositoryContract);
await describeEachStore('PriceHistoryRepository', priceHistoryRepositoryContract);
