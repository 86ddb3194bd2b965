import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProductFields, samePrice, searchQuery, searchableText, type ProductFields } from '../../../domain/catalog/product-rules';

const valid: ProductFields = {
  sku: 'A-1', name: 'Blue mug', description: '', categoryId: null, brand: null, tags: [], attributes: {},
  price: { amountCents: 1200, currency: 'EUR' }, stock: 3, imageUrl: null, status: 'active',
};
const pathOf = (fields: Partial<ProductFields>, prefix = '') => {
  const result = checkProductFields({ ...valid, ...fields }, prefix);
  return result.ok ? null : result.error.details?.[0]?.path;
};

describe('checkProductFields', () => {
  it('accepts a valid product and normalises name, brand and tags', () => {
    const result = checkProductFields({ ...valid, name: '  Blue mug ', brand: '  ', tags: ['Red', ' red ', 'WOOL', ''] });
    expect(result).toEqual({ ok: true, value: { ...valid, name: 'Blue mug', brand: null, tags: ['red', 'wool'] } });
  });

  it('names the offending field, under the row prefix when given', () => {
    expect(pathOf({ sku: '' })).toBe('sku');
    expect(pathOf({ sku: 'has space' })).toBe('sku');
    expect(pathOf({ sku: 'x'.repeat(65) })).toBe('sku');
    expect(pathOf({ sku: 'ok_sku.v-2' })).toBeNull();
    expect(pathOf({ name: '   ' })).toBe('name');
    expect(pathOf({ name: 'n'.repeat(201) })).toBe('name');
    expect(pathOf({ description: 'd'.repeat(5001) })).toBe('description');
    expect(pathOf({ description: 'd'.repeat(5000) })).toBeNull();
    expect(pathOf({ brand: 'b'.repeat(101) })).toBe('brand');
    expect(pathOf({ tags: Array.from({ length: 31 }, (_, i) => `t${i}`) })).toBe('tags');
    expect(pathOf({ tags: [...Array.from({ length: 30 }, (_, i) => `t${i}`), 'T0'] })).toBeNull();
    expect(pathOf({ tags: ['t'.repeat(41)] })).toBe('tags');
    expect(pathOf({ attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) })).toBe('attributes');
    expect(pathOf({ attributes: { '': 'v' } })).toBe('attributes');
    expect(pathOf({ attributes: { k: 'v'.repeat(201) } })).toBe('attributes');
    expect(pathOf({ price: { amountCents: 10.5, currency: 'EUR' } })).toBe('price');
    expect(pathOf({ price: { amountCents: -1, currency: 'EUR' } })).toBe('price');
    expect(pathOf({ price: { amountCents: 1, currency: 'eur' } })).toBe('price');
    expect(pathOf({ stock: -1 })).toBe('stock');
    expect(pathOf({ stock: 1.5 })).toBe('stock');
    expect(pathOf({ imageUrl: 'ftp://x/y.png' })).toBe('imageUrl');
    expect(pathOf({ imageUrl: 'https://cdn.test/y.png' })).toBeNull();
    expect(pathOf({ status: 'gone' as never })).toBe('status');
    expect(pathOf({ stock: -1 }, 'rows[3]')).toBe('rows[3].stock');
  });

  it('is idempotent: what it returns passes again unchanged', () => {
    const fields = fc.record({
      name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
      brand: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      tags: fc.array(fc.string({ maxLength: 10 }), { maxLength: 10 }),
    });
    fc.assert(
      fc.property(fields, (f) => {
        const once = checkProductFields({ ...valid, ...f });
        if (!once.ok) return;
        expect(checkProductFields(once.value)).toEqual(once);
        expect(new Set(once.value.tags).size).toBe(once.value.tags.length);
        expect(once.value.tags.every((t) => t === t.toLowerCase() && t === t.trim() && t.length > 0)).toBe(true);
      }),
    );
  });
});

describe('search text helpers', () => {
  it('reduces a query to lower-case words, or nothing', () => {
    expect(searchQuery('  Trail  SNEAKERS!! ')).toBe('trail sneakers');
    expect(searchQuery('t-shirt')).toBe('t shirt');
    expect(searchQuery('Crème brûlée')).toBe('crème brûlée');
    expect(searchQuery(' !!! ')).toBeUndefined();
    expect(searchQuery(undefined)).toBeUndefined();
  });

  it('indexes name, description, brand and tags', () => {
    expect(searchableText({ name: 'Mug', description: 'Big', brand: 'Kettle', tags: ['home'] })).toBe('mug big kettle home');
    expect(searchableText({ name: 'Mug', description: '', brand: null, tags: [] })).toBe('mug');
  });

  it('compares prices by amount and currency', () => {
    expect(samePrice({ amountCents: 1, currency: 'EUR' }, { amountCents: 1, currency: 'EUR' })).toBe(true);
    expect(samePrice({ amountCents: 1, currency: 'EUR' }, { amountCents: 1, currency: 'USD' })).toBe(false);
    expect(samePrice({ amountCents: 1, currency: 'EUR' }, { amountCents: 2, currency: 'EUR' })).toBe(false);
  });
});
