import { describeEachStore } from '../support/stores';
import {
  apiKeyRepositoryContract, companyRepositoryContract, passwordResetRepositoryContract, refreshTokenRepositoryContract,
  userRepositoryContract,
} from './identity-repositories.contract';

await describeEachStore('CompanyRepository', companyRepositoryContract);
await describeEachStore('UserRepository', userRepositoryContract);
await describeEachStore('RefreshTokenRepository', refreshTokenRepositoryContract);
await describeEachStore('PasswordResetRepository', passwordResetRepositoryContract);
await describeEachStore('ApiKeyRepository', apiKeyRepositoryContract);
