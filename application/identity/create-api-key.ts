import type { Actor } from '../../domain/identity/actor';
import { API_KEY_MARK, apiKeyPrefix, type ApiKey } from '../../domain/identity/api-key';
import { checkName } from '../../domain/identity/identity-rules';
import type { AppError } from '../../domain/shared/errors';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

export interface CreateApiKeyInput {
  readonly actor: Actor;
  readonly name: string;
}
export interface CreateApiKeyOutput {
  readonly key: ApiKey;
  /** Shown to the caller this once; only its hash is stored. */
  readonly secret: string;
}
export type CreateApiKeyError = AppError<'forbidden' | 'validation_failed'>;

/** An SDK ingestion key for the actor's company (admin and above). */
export class CreateApiKey {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: CreateApiKeyInput): Promise<Result<CreateApiKeyOutput, CreateApiKeyError>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    const name = checkName(input.name, 'name');
    if (!name.ok) return name;
    const secret = API_KEY_MARK + this.secrets.generate();
    const key: ApiKey = {
      id: this.ids.next(),
      companyId: input.actor.companyId,
      name: name.value,
      prefix: apiKeyPrefix(secret),
      secretHash: this.secrets.hash(secret),
      createdBy: input.actor.userId,
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    return this.uow.run(async (tx) => {
      await tx.apiKeys.save(key);
      return ok({ key, secret });
    });
  }
}
