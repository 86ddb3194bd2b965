import { describeEachStore } from '../support/stores';
import { priceHistoryRepositoryContract } from './price-history-repository.contract';

await describeEachStore('PriceHistoryRepository', priceHistoryRepositoryContract);
