import { describeEachStore } from '../support/stores';
import { watchlistRepositoryIsolationContract } from './watchlist-repository.contract';

await describeEachStore('WatchlistRepository (isolation, targets)', watchlistRepositoryIsolationContract);
