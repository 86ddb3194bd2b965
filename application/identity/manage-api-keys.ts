import type { Actor } from '../../domain/identity/actor';
import type { ApiKey } from '../../domain/identity/api-key';
import { checkName } from '../../domain/identity/identity-rules';
import { appError, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';
import { requireRole } from '../shared/authorize';

const KEY_PREFIX = 'cgk_';

export class CreateApiKey {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  /** The secret is in the output once and never again. */
  async execute(input: { actor: Actor; name: string }): Promise<Result<{ key: ApiKey; secret: string }, AppError<'forbidden' | 'validation_failed'>>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    const name = checkName(input.name, 'name');
    if (!name.ok) return name;
    const secret = KEY_PREFIX + this.secrets.generate();
    const key: ApiKey = {
      id: this.ids.next(),
      companyId: input.actor.companyId,
      name: name.value,
      prefix: secret.slice(0, KEY_PREFIX.length + 6),
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

export class ListApiKeys {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(actor: Actor): Promise<Result<readonly ApiKey[], AppError<'forbidden'>>> {
    const allowed = requireRole(actor, 'admin');
    if (!allowed.ok) return allowed;
    return ok(await this.uow.read((r) => r.apiKeys.list(actor.companyId)));
  }
}

export class RevokeApiKey {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; id: string }): Promise<Result<void, AppError<'forbidden' | 'not_found'>>> {
    return this.uow.run(async (tx): Promise<Result<void, AppError<'forbidden' | 'not_found'>>> => {
      const key = await tx.apiKeys.byId(input.actor.companyId, input.id);
      if (!key) return err(notFound('API key'));
      const allowed = requireRole(input.actor, 'admin');
      if (!allowed.ok) return allowed;
      if (!key.revokedAt) await tx.apiKeys.save({ ...key, revokedAt: this.clock.now() });
      return ok(undefined);
    });
  }
}

/** The company an SDK key belongs to (X-Api-Key); revoked and unknown keys are refused alike. */
export class AuthenticateApiKey {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
  ) {}

  async execute(secret: string): Promise<Result<{ companyId: string; keyId: string }, AppError<'unauthenticated'>>> {
    const key = await this.uow.read((r) => r.apiKeys.bySecretHash(this.secrets.hash(secret)));
    if (!key || key.revokedAt) return err(appError('unauthenticated', 'Unknown or revoked API key'));
    return ok({ companyId: key.companyId, keyId: key.id });
  }
}
