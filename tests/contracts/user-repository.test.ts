import { describeEachStore } from '../support/stores';
import { userRepositoryContract } from './user-repository.contract';

await describeEachStore('UserRepository', userRepositoryContract);
