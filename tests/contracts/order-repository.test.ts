import { describeEachStore } from '../support/stores';
import { orderRepositoryContract, orderRepositoryLockContract } from './order-repository.contract';

await describeEachStore('OrderRepository', (store) => {
  orderRepositoryContract(store);
  orderRepositoryLockContract(store);
});
