import { describeEachStore } from '../support/stores';
import { watchlistRepositoryContract, watchlistRepositoryIsolationContract } from './watchlist-repository.contract';

await describeEachStore('WatchlistRepository', (store) => {
  watchlistRepositoryContract(store);
  watchlistRepositoryIsolationContract(store);
});
