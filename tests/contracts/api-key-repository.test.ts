import { describeEachStore } from '../support/stores';
import { apiKeyRepositoryContract } from './api-key-repository.contract';

await describeEachStore('ApiKeyRepository', apiKeyRepositoryContract);
