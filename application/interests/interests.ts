import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import type { Interest } from '../../domain/interests/interest';
import { interestsUpdated } from '../../domain/interests/interest-events';
import { weightAt } from '../../domain/interests/interest-inference';
import { explicitInterests, strongestFirst, type InterestDraft } from '../../domain/interests/interest-rules';
import { forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { keysetSlice, type KeyOrder, type Page, type PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work';

type Access = AppError<'not_found' | 'forbidden'>;

/** Self, or staff of the same company; other companies' users read as missing. */
async function reachableUser(repos: Repositories, actor: Actor, userId: string): Promise<Result<void, Access>> {
  if (!(await repos.users.byId(actor.companyId, userId))) return err(notFound('User'));
  if (userId !== actor.userId && !isAtLeast(actor.role, 'staff')) return err(forbidden('Only staff manage other users\' interests'));
  return ok(undefined);
}

/** Every interest of the user as it weighs at `at` (inferred ones decayed), strongest first. */
export async function interestsAt(repos: Repositories, companyId: string, userId: string, at: Date): Promise<Interest[]> {
  return (await repos.interests.forUser(companyId, userId)).map((i) => weightAt(i, at)).sort(strongestFirst);
}

/** Strongest first; an interest is one (dimension, value, source), so the key is total. */
const STRONGEST: KeyOrder<Interest> = {
  columns: [['number', 'desc'], ['string', 'asc'], ['string', 'asc'], ['string', 'asc']],
  keyOf: (i) => [i.weight, i.dimension, i.value, i.source],
};

export interface GetInterestsInput {
  readonly actor: Actor;
  readonly userId: string;
  readonly page: PageRequest;
}

/** A page of the user's interests as they weigh now, strongest first. */
export class GetInterests {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: GetInterestsInput): Promise<Result<Page<Interest>, Access>> {
    return this.uow.read(async (repos) => {
      const reachable = await reachableUser(repos, input.actor, input.userId);
      if (!reachable.ok) return reachable;
      return ok(keysetSlice(await interestsAt(repos, input.actor.companyId, input.userId, this.clock.now()), input.page, STRONGEST));
    });
  }
}

/** Replaces the explicit interests; inferred ones are the inference consumer's. */
export class ReplaceInterests {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: { actor: Actor; userId: string; interests: readonly InterestDraft[] }): Promise<Result<readonly Interest[], Access | AppError<'validation_failed'>>> {
    return this.uow.run(async (tx): Promise<Result<readonly Interest[], Access | AppError<'validation_failed'>>> => {
      const reachable = await reachableUser(tx, input.actor, input.userId);
      if (!reachable.ok) return reachable;
      const now = this.clock.now();
      const interests = explicitInterests(input.interests, now);
      if (!interests.ok) return interests;
      const { companyId } = input.actor;
      await tx.interests.replace(companyId, input.userId, 'explicit', interests.value);
      const all = await interestsAt(tx, companyId, input.userId, now);
      await tx.outbox.add(interestsUpdated(companyId, input.userId, all, { id: this.ids.next(), occurredAt: now }));
      return ok(all);
    });
  }
}
