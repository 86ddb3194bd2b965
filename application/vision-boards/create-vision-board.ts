import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { conflict, forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import { boardInterests, boardTitle, chooseSections, clampLimits, type VisionBoard } from '../../domain/vision-boards/vision-board';
import { interestsAt } from '../interests/interests';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { UnitOfWork } from '../ports/unit-of-work';
import { fittingProducts } from './fitting-products';

export interface CreateVisionBoardInput {
  readonly actor: Actor;
  /** Whose interests the board shows. */
  readonly userId: string;
  /** A title of the maker's own; otherwise one naming the user. */
  readonly title?: string | undefined;
  /** At most this many sections (1..6, default 6). */
  readonly sections?: number | undefined;
  /** At most this many products per section (1..12, default 6). */
  readonly productsPerSection?: number | undefined;
}
export type CreateVisionBoardOutput = VisionBoard;
/** `conflict`: the user has no interest that any product in stock fits (yet). */
export type CreateVisionBoardError = AppError<'not_found' | 'forbidden' | 'conflict'>;

/** Interests looked at per section wanted: room to skip the ones nothing fits. */
const INTERESTS_PER_SECTION = 2;

/**
 * Builds a board from the user's strongest interests (inferred ones decayed to now) and stores
 * it, so it reads the same later whatever the catalogue does meanwhile.
 */
export class CreateVisionBoard {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  execute(input: CreateVisionBoardInput): Promise<Result<CreateVisionBoardOutput, CreateVisionBoardError>> {
    const { actor, userId } = input;
    const { companyId } = actor;
    return this.uow.run(async (tx): Promise<Result<VisionBoard, CreateVisionBoardError>> => {
      const user = await tx.users.byId(companyId, userId);
      if (!user) return err(notFound('User'));
      if (userId !== actor.userId && !isAtLeast(actor.role, 'staff')) return err(forbidden('Only staff build boards for other users'));
      const now = this.clock.now();
      const limits = clampLimits(input.sections, input.productsPerSection);
      const interests = boardInterests(await interestsAt(tx, companyId, userId, now), limits.sections * INTERESTS_PER_SECTION);
      if (interests.length === 0) return err(conflict('The user has no interests yet: set some, or let purchases teach them'));
      // Enough candidates per interest that sections before it cannot use them all up.
      const candidates = await fittingProducts(tx, companyId, interests, limits.sections * limits.productsPerSection);
      const sections = chooseSections(candidates, limits);
      if (sections.length === 0) return err(conflict('No product in stock fits the user\'s interests yet'));
      const board: VisionBoard = { id: this.ids.next(), companyId, userId, title: boardTitle(user.displayName, input.title), sections, createdAt: now };
      await tx.visionBoards.save(board);
      return ok(board);
    });
  }
}
