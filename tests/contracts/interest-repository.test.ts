import { describeEachStore } from '../support/stores';
import { interestRepositoryContract, interestRepositoryIsolationContract } from './interest-repository.contract';

await describeEachStore('InterestRepository', (store) => {
  interestRepositoryContract(store);
  interestRepositoryIsolationContract(store);
});
