import { describeEachStore } from '../support/stores';
import { passwordResetRepositoryContract } from './password-reset-repository.contract';

await describeEachStore('PasswordResetRepository', passwordResetRepositoryContract);
