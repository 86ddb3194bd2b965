import { describeEachStore } from '../support/stores';
import { processedEventRepositoryContract } from './processed-event-repository.contract';

await describeEachStore('ProcessedEventRepository', processedEventRepositoryContract);
