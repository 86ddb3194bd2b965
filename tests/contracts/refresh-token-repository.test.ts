import { describeEachStore } from '../support/stores';
import { refreshTokenRepositoryContract } from './refresh-token-repository.contract';

await describeEachStore('RefreshTokenRepository', refreshTokenRepositoryContract);
