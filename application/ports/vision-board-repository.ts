import type { VisionBoard } from '../../domain/vision-boards/vision-board';

/** Boards are snapshots: written once when built, then only read. */
export interface VisionBoardRepository {
  /** Stores the board; saving an id that exists replaces the stored board whole. */
  save(board: VisionBoard): Promise<void>;
  /** The board of that company, or null when missing or owned by another company. */
  byId(companyId: string, id: string): Promise<VisionBoard | null>;
}
