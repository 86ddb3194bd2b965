import { describeEachStore } from '../support/stores';
import { categoryRepositoryContract } from './category-repository.contract';

await describeEachStore('CategoryRepository', categoryRepositoryContract);
