import type { Actor } from '../../domain/identity/actor';
import { notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import { canSeeBoard, type VisionBoard } from '../../domain/vision-boards/vision-board';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface GetVisionBoardInput {
  readonly actor: Actor;
  readonly id: string;
}
export type GetVisionBoardOutput = VisionBoard;
/** Boards of other users (to customers) and of other companies read as missing. */
export type GetVisionBoardError = AppError<'not_found'>;

export class GetVisionBoard {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(input: GetVisionBoardInput): Promise<Result<GetVisionBoardOutput, GetVisionBoardError>> {
    const board = await this.uow.read((repos) => repos.visionBoards.byId(input.actor.companyId, input.id));
    return board && canSeeBoard(board, input.actor) ? ok(board) : err(notFound('Vision board'));
  }
}
