// VisionBoardRepository contract: a board reads back exactly as saved (any text, JSON
// round trip through JSONB included), saving an id again replaces it, and companies never
// see each other's boards.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { SECTION_SOURCES, type VisionBoard } from '../../domain/vision-boards/vision-board';
import { ok } from '../../domain/shared/result';
import type { StoreGetter } from '../support/stores';
import { uniqueId } from '../support/unique';

/** Text PostgreSQL can hold: any Unicode but NUL (product names cannot carry it either). */
const text = (maxLength = 40) => fc.string({ unit: 'binary', maxLength }).map((s) => s.replaceAll('\u0000', ''));

const boardArb = (companyId: string) =>
  fc.record({
    id: fc.uuid(),
    companyId: fc.constant(companyId),
    userId: fc.string({ minLength: 1, maxLength: 20 }),
    title: text(120),
    createdAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
    sections: fc.array(
      fc.record({
        heading: text(),
        dimension: text(20),
        value: text(),
        weight: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000),
        source: fc.constantFrom(...SECTION_SOURCES),
        products: fc.array(
          fc.record({
            productId: fc.string({ minLength: 1, maxLength: 20 }),
            name: text(200),
            brand: fc.option(text(), { nil: null }),
            price: fc.record({ amountCents: fc.integer({ min: 0, max: 2_000_000_000 }), currency: fc.constantFrom('EUR', 'USD', 'JPY') }),
            imageUrl: fc.option(fc.webUrl(), { nil: null }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  });

export function visionBoardRepositoryContract(store: StoreGetter): void {
  const save = (board: VisionBoard) =>
    store().uow.run(async (tx) => {
      await tx.visionBoards.save(board);
      return ok(undefined);
    });
  const read = (companyId: string, id: string) => store().uow.read((r) => r.visionBoards.byId(companyId, id));

  it('reads a board back exactly as it was saved, whatever its text', async () => {
    const companyId = uniqueId();
    await fc.assert(
      fc.asyncProperty(boardArb(companyId), async (board) => {
        await save(board);
        expect(await read(companyId, board.id)).toEqual(board);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps names with markup characters and emoji intact', async () => {
    const companyId = uniqueId();
    const board: VisionBoard = {
      id: uniqueId(), companyId, userId: 'u', title: 'Alice\'s <board> & "friends"', createdAt: new Date('2026-03-01T12:00:00.123Z'),
      sections: [{
        heading: 'Teal color', dimension: 'color', value: 'teal', weight: 0.5, source: 'inferred',
        products: [{ productId: 'p', name: '<script>&amp;"\'🛋️', brand: null, price: { amountCents: 0, currency: 'EUR' }, imageUrl: null }],
      }],
    };
    await save(board);
    expect(await read(companyId, board.id)).toEqual(board);
  });

  it('replaces a board saved again under the same id', async () => {
    const companyId = uniqueId();
    const [first, second] = fc.sample(boardArb(companyId), { numRuns: 2, seed: 7 });
    if (!first || !second) throw new Error('no sample');
    await save(first);
    await save({ ...second, id: first.id });
    expect(await read(companyId, first.id)).toEqual({ ...second, id: first.id });
  });

  it('never shows one company\'s board to another, and reads unknown ids as null', async () => {
    await fc.assert(
      fc.asyncProperty(boardArb(uniqueId()), async (board) => {
        const other = uniqueId();
        await save(board);
        expect(await read(other, board.id)).toBeNull();
        expect(await read(board.companyId, `${board.id}-missing`)).toBeNull();
        expect(await read(board.companyId, board.id)).toEqual(board);
      }),
      { numRuns: 10 },
    );
  });

  it('leaves nothing behind when the transaction rolls back', async () => {
    const [board] = fc.sample(boardArb(uniqueId()), { numRuns: 1, seed: 11 });
    if (!board) throw new Error('no sample');
    const result = await store().uow.run(async (tx) => {
      await tx.visionBoards.save(board);
      return { ok: false as const, error: 'rolled back' };
    });
    expect(result.ok).toBe(false);
    expect(await read(board.companyId, board.id)).toBeNull();
  });
}
