import { describeEachStore } from '../support/stores';
import { companyRepositoryContract } from './company-repository.contract';

await describeEachStore('CompanyRepository', companyRepositoryContract);
