import type { VisionBoardRepository } from '../../application/ports/vision-board-repository';
import type { VisionBoard } from '../../domain/vision-boards/vision-board';
import type { MemoryStore } from './memory-store';

export class InMemoryVisionBoardRepository implements VisionBoardRepository {
  constructor(private readonly store: MemoryStore) {}

  private get rows() {
    return this.store.table<VisionBoard>('vision_boards');
  }

  async save(board: VisionBoard): Promise<void> {
    // A copy, so a caller that keeps the object cannot change the stored snapshot.
    this.rows.set(board.id, structuredClone(board));
  }

  async byId(companyId: string, id: string): Promise<VisionBoard | null> {
    const board = this.rows.get(id);
    return board && board.companyId === companyId ? structuredClone(board) : null;
  }
}
