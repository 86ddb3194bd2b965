import { describeEachStore } from '../support/stores';
import { unitOfWorkContract } from './unit-of-work.contract';

await describeEachStore('UnitOfWork and outbox', unitOfWorkContract);
