import type { Actor } from '../../domain/identity/actor';
import { isAtLeast } from '../../domain/identity/role';
import { conflict, forbidden, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import { boardInterests, boardTitle, chooseSections, clampLimits, popularSection, type BoardLimits, type VisionBoard, type VisionBoardSection } from '../../domain/vision-boards/vision-board';
import { interestsAt } from '../interests/interests';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Transaction, UnitOfWork } from '../ports/unit-of-work';
import { storeBestSellers } from '../recommendations/store-best-sellers';
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
/** `conflict`: no product in stock to show (none fits, and the best sellers are all bought or none). */
export type CreateVisionBoardError = AppError<'not_found' | 'forbidden' | 'conflict'>;

/** Interests looked at per section wanted: room to skip the ones nothing fits. */
const INTERESTS_PER_SECTION = 2;

/**
 * Builds a board from the user's strongest interests (inferred ones decayed to now) and stores
 * it, so it reads the same later whatever the catalogue does meanwhile. A user with no interest
 * that fits anything in stock gets the store's best sellers, as recommendations fall back to.
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
      const sections = await sectionsFor(tx, companyId, userId, now, limits);
      if (sections.length === 0) return err(conflict('No product in stock to show this user yet'));
      const board: VisionBoard = { id: this.ids.next(), companyId, userId, title: boardTitle(user.displayName, input.title), sections, createdAt: now };
      await tx.visionBoards.save(board);
      return ok(board);
    });
  }
}

/** A section per interest that something fits, else the one section of popular products (or none). */
async function sectionsFor(tx: Transaction, companyId: string, userId: string, now: Date, limits: BoardLimits): Promise<VisionBoardSection[]> {
  const interests = boardInterests(await interestsAt(tx, companyId, userId, now), limits.sections * INTERESTS_PER_SECTION);
  // Enough candidates per interest that sections before it cannot use them all up.
  const candidates = interests.length ? await fittingProducts(tx, companyId, interests, limits.sections * limits.productsPerSection) : [];
  const sections = chooseSections(candidates, limits);
  if (sections.length > 0) return sections;
  const bought = new Set((await tx.orders.purchasesOf(companyId, userId)).map((p) => p.productId));
  const popular = popularSection(await storeBestSellers(tx, companyId, limits.productsPerSection, bought), limits);
  return popular ? [popular] : [];
}
