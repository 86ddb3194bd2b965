import { describeEachStore } from '../support/stores';
import { productRepositoryContract } from './product-repository.contract';

await describeEachStore('ProductRepository', productRepositoryContract);
