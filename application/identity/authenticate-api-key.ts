import { appError, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface AuthenticateApiKeyInput {
  /** The `X-Api-Key` header as sent. */
  readonly secret: string;
}
export interface ApiKeyPrincipal {
  readonly companyId: string;
  readonly keyId: string;
}
export type AuthenticateApiKeyError = AppError<'unauthenticated'>;

/** The company an SDK key belongs to (SDK ingestion); revoked and unknown keys are refused alike. */
export class AuthenticateApiKey {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
  ) {}

  async execute(input: AuthenticateApiKeyInput): Promise<Result<ApiKeyPrincipal, AuthenticateApiKeyError>> {
    const key = await this.uow.read((r) => r.apiKeys.bySecretHash(this.secrets.hash(input.secret)));
    if (!key || key.revokedAt) return err(appError('unauthenticated', 'Unknown or revoked API key'));
    return ok({ companyId: key.companyId, keyId: key.id });
  }
}
