import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../../domain/catalog/category';
import type { Product } from '../../../domain/catalog/product';
import type { Interest } from '../../../domain/interests/interest';
import { categoriesNamed, fitLookup, hasAttribute, interleave } from '../../../domain/vision-boards/product-fit';
import {
  boardInterests, boardTitle, canSeeBoard, chooseSections, clampLimits, sectionHeading, type VisionBoard,
} from '../../../domain/vision-boards/vision-board';

const at = new Date('2026-03-01T12:00:00Z');
const interest = (dimension: string, value: string, weight: number, source: Interest['source'] = 'explicit'): Interest =>
  ({ dimension, value, weight, source, updatedAt: at });
const product = (id: string, extra: Partial<Product> = {}): Product => ({
  id, companyId: 'acme', sku: id, name: `Product ${id}`, description: '', categoryId: null, brand: null, tags: [], attributes: {},
  price: { amountCents: 1000, currency: 'EUR' }, stock: 3, imageUrl: null, status: 'active', createdAt: at, updatedAt: at, ...extra,
});
const category = (id: string, name: string, parentId: string | null = null): Category => ({ id, companyId: 'acme', name, parentId, createdAt: at });

describe('fitLookup', () => {
  it('reads category, brand and tag interests as those filters and anything else as an attribute', () => {
    expect(fitLookup(interest('category', ' Lamps ', 1))).toEqual({ kind: 'category', name: 'Lamps' });
    expect(fitLookup(interest('brand', 'Fjord', 1))).toEqual({ kind: 'brand', brand: 'Fjord' });
    expect(fitLookup(interest('tag', 'Minimal', 1))).toEqual({ kind: 'tag', tag: 'minimal' });
    expect(fitLookup(interest('Color', 'Teal', 1))).toEqual({ kind: 'attribute', key: 'color', value: 'Teal' });
  });

  it('matches attributes whatever their case', () => {
    expect(hasAttribute(product('p', { attributes: { Color: 'TEAL' } }), 'color', 'teal')).toBe(true);
    expect(hasAttribute(product('p', { attributes: { color: 'teal green' } }), 'color', 'teal')).toBe(false);
  });
});

describe('categoriesNamed', () => {
  it('finds every category of that name with everything below it, breadth first, without looping', () => {
    const tree = [
      category('home', 'Home'), category('lamps', 'lamps', 'home'), category('desk', 'Desk lamps', 'lamps'),
      category('floor', 'Floor lamps', 'lamps'), category('led', 'LED', 'desk'), category('garden-lamps', 'Lamps', 'garden'),
      category('garden', 'Garden'),
    ];
    expect(categoriesNamed(tree, 'LAMPS')).toEqual(['garden-lamps', 'lamps', 'desk', 'floor', 'led']);
    expect(categoriesNamed(tree, 'Chairs')).toEqual([]);
    const loop = [category('a', 'A', 'b'), category('b', 'B', 'a')];
    expect(categoriesNamed(loop, 'a')).toEqual(['a', 'b']);
  });
});

describe('interleave', () => {
  it('takes from each list in turn and drops repeats', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
    expect(interleave([[a!, b!, c!], [b!, d!], []]).map((x) => x.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});

describe('boardInterests', () => {
  it('keeps positive interests once each, strongest first, up to the limit', () => {
    const chosen = boardInterests([
      interest('category', 'Lamps', 0.9), interest('category', 'lamps ', 0.7, 'inferred'), interest('brand', 'Fjord', 0.5),
      interest('color', 'red', 0), interest('tag', 'eco', 0.4), interest('tag', 'cosy', 0.3),
    ], 3);
    expect(chosen.map((i) => `${i.dimension}:${i.value}`)).toEqual(['category:Lamps', 'brand:Fjord', 'tag:eco']);
  });
});

describe('chooseSections', () => {
  const limits = { sections: 2, productsPerSection: 2 };

  it('fills each section with products no earlier section shows, skipping interests left empty', () => {
    const sections = chooseSections([
      { interest: interest('category', 'Lamps', 0.912345), products: [product('a'), product('b'), product('c')] },
      { interest: interest('brand', 'Fjord', 0.8), products: [product('a'), product('b')] },
      { interest: interest('color', 'teal', 0.5, 'inferred'), products: [product('b'), product('c'), product('d'), product('e')] },
      { interest: interest('tag', 'eco', 0.4), products: [product('f')] },
    ], limits);
    expect(sections).toEqual([
      { heading: 'Lamps', dimension: 'category', value: 'Lamps', weight: 0.9123, source: 'explicit', products: [expect.objectContaining({ productId: 'a' }), expect.objectContaining({ productId: 'b' })] },
      { heading: 'Teal color', dimension: 'color', value: 'teal', weight: 0.5, source: 'inferred', products: [expect.objectContaining({ productId: 'c' }), expect.objectContaining({ productId: 'd' })] },
    ]);
    expect(sections[0]?.products[0]).toEqual({ productId: 'a', name: 'Product a', brand: null, price: { amountCents: 1000, currency: 'EUR' }, imageUrl: null });
  });

  it('shows only active products in stock', () => {
    const sections = chooseSections([
      { interest: interest('tag', 'eco', 1), products: [product('gone', { stock: 0 }), product('draft', { status: 'draft' }), product('ok')] },
    ], limits);
    expect(sections.flatMap((s) => s.products.map((p) => p.productId))).toEqual(['ok']);
  });

  it('never repeats a product, never exceeds the limits and never leaves a section empty', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    fc.assert(
      fc.property(
        fc.array(fc.array(ids, { maxLength: 8 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }),
        (lists, sections, productsPerSection) => {
          const board = chooseSections(lists.map((l, i) => ({ interest: interest('tag', `t${i}`, 1), products: l.map((id) => product(id)) })), { sections, productsPerSection });
          const shown = board.flatMap((s) => s.products.map((p) => p.productId));
          expect(new Set(shown).size).toBe(shown.length);
          expect(board.length).toBeLessThanOrEqual(sections);
          for (const s of board) expect(s.products.length).toBeGreaterThanOrEqual(1);
          for (const s of board) expect(s.products.length).toBeLessThanOrEqual(productsPerSection);
        },
      ),
    );
  });
});

describe('headings, titles, limits and access', () => {
  it('names sections the way a person would read them', () => {
    expect([sectionHeading('category', 'Lamps'), sectionHeading('brand', 'iFjord'), sectionHeading('tag', 'minimal'), sectionHeading('style', 'scandi')])
      .toEqual(['Lamps', 'iFjord', 'Minimal', 'Scandi style']);
  });

  it('titles a board after its user unless given a title, and caps the length', () => {
    expect(boardTitle('Alice')).toBe('Vision board for Alice');
    expect(boardTitle('Alice', '  Summer  ')).toBe('Summer');
    expect(Array.from(boardTitle('A', '😀'.repeat(200)))).toHaveLength(120);
  });

  it('clamps limits to what a board holds', () => {
    expect(clampLimits()).toEqual({ sections: 6, productsPerSection: 6 });
    expect(clampLimits(99, 0)).toEqual({ sections: 6, productsPerSection: 1 });
  });

  it('shows a board to its user and to staff+ of the company only', () => {
    const board: VisionBoard = { id: 'b', companyId: 'acme', userId: 'alice', title: 't', sections: [], createdAt: at };
    expect([
      canSeeBoard(board, { userId: 'alice', companyId: 'acme', role: 'customer' }),
      canSeeBoard(board, { userId: 'bob', companyId: 'acme', role: 'customer' }),
      canSeeBoard(board, { userId: 'sam', companyId: 'acme', role: 'staff' }),
      canSeeBoard(board, { userId: 'alice', companyId: 'globex', role: 'owner' }),
    ]).toEqual([true, false, true, false]);
  });
});
