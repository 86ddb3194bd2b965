import { describeEachStore } from '../support/stores';
import { interestRepositoryIsolationContract } from './interest-repository.contract';

await describeEachStore('InterestRepository (round trips, isolation)', interestRepositoryIsolationContract);
