import { describeEachStore } from '../support/stores';
import { orderRepositoryLockContract } from './order-repository.contract';

await describeEachStore('OrderRepository (locks, isolation)', orderRepositoryLockContract);
