import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { clean, escapeXml, formatMoney, textWidth, visionBoardSvg, wrapText } from '../../../adapters/http/vision-board-svg';
import type { BoardProduct, VisionBoard } from '../../../domain/vision-boards/vision-board';

const product = (name: string, extra: Partial<BoardProduct> = {}): BoardProduct => ({
  productId: name, name, brand: null, price: { amountCents: 1999, currency: 'EUR' }, imageUrl: null, ...extra,
});
const board = (extra: Partial<VisionBoard> = {}): VisionBoard => ({
  id: '0192f0c2-7a3b-7000-8000-000000000001', companyId: 'acme', userId: 'alice', title: 'Vision board for Alice',
  createdAt: new Date('2026-11-25T08:00:00Z'),
  sections: [
    { heading: 'Lamps', dimension: 'category', value: 'Lamps', weight: 0.9, source: 'explicit', products: [product('Arc lamp', { imageUrl: 'https://img.test/a.jpg?w=1&h=2' }), product('Pendant')] },
    { heading: 'Teal color', dimension: 'color', value: 'teal', weight: 0.4, source: 'inferred', products: [product('Sofa <"Teal"> & \'co\'', { brand: 'Fjord & Sons' })] },
  ],
  ...extra,
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => ['g', 'text', 'image', 'rect', 'circle'].includes(name) });
/**
 * XMLValidator lets through what XML 1.0 forbids yet a browser refuses: characters outside
 * `Char`, and `<` inside an attribute value. Those are checked here.
 */
const wellFormed = (svg: string): boolean =>
  XMLValidator.validate(svg) === true &&
  // eslint-disable-next-line no-control-regex -- XML 1.0's Char production names these control characters.
  !/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(svg) &&
  !/="[^"]*</.test(svg);
const parse = (svg: string) => {
  expect(wellFormed(svg)).toBe(true);
  return parser.parse(svg).svg;
};
const texts = (node: any): string[] => {
  const out: string[] = [];
  const walk = (n: any) => {
    if (n === null || typeof n !== 'object') return;
    for (const t of n.text ?? []) out.push(typeof t === 'object' ? String(t['#text'] ?? '') : String(t));
    for (const [key, child] of Object.entries(n)) if (key !== 'text') (Array.isArray(child) ? child : [child]).forEach(walk);
  };
  walk(node);
  return out;
};

describe('visionBoardSvg', () => {
  it('is a well-formed SVG with the title, one group per section and a card per product', () => {
    const svg = parse(visionBoardSvg(board()));
    expect(svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(svg['@_viewBox']).toMatch(/^0 0 1200 \d+$/);
    expect(svg.title['#text']).toBe('Vision board for Alice');
    const sections = svg.g.filter((g: any) => g['@_class'] === 'section');
    expect(sections.map((s: any) => s['@_data-value'])).toEqual(['Lamps', 'teal']);
    expect(sections.map((s: any) => s.g.filter((g: any) => g['@_class'] === 'product').length)).toEqual([2, 1]);
    expect(texts(sections[0])).toEqual(expect.arrayContaining(['Lamps', 'Arc lamp', 'Pendant', '€19.99']));
    // Escaped in the document, read back as written.
    expect(texts(sections[1])).toEqual(expect.arrayContaining(['Teal color', 'Sofa <"Teal"> & \'co\'', 'FJORD & SONS']));
  });

  it('links images when a product has one and draws a placeholder under every card', () => {
    const raw = visionBoardSvg(board());
    const svg = parse(raw);
    const cards = svg.g.filter((g: any) => g['@_class'] === 'section').flatMap((s: any) => s.g);
    expect(cards.map((c: any) => (c.image ?? []).map((i: any) => i['@_href']))).toEqual([['https://img.test/a.jpg?w=1&h=2'], [], []]);
    expect(cards.every((c: any) => c.rect.some((r: any) => r['@_class'] === 'placeholder'))).toBe(true);
    expect(raw).toContain('href="https://img.test/a.jpg?w=1&amp;h=2"');
  });

  it('is the same for the same board', () => {
    expect(visionBoardSvg(board())).toBe(visionBoardSvg(board()));
  });

  it('stays well-formed whatever the names, and keeps long ones inside their cards', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(anyText, anyText, fc.option(anyText, { nil: null }), fc.string({ maxLength: 60 }), (title, name, brand, dimension) => {
        const svg = visionBoardSvg(board({
          title,
          sections: [{ heading: name, dimension, value: name, weight: 1, source: 'explicit', products: [product(name, { brand, imageUrl: 'https://x.test/"<>' })] }],
        }));
        const card = parse(svg).g.find((g: any) => g['@_class'] === 'section').g[0];
        const lines = card.text.filter((t: any) => t['@_class'] === 'name').map((t: any) => String(t['#text'] ?? ''));
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const line of lines) expect(textWidth(line, 17, 1.04)).toBeLessThanOrEqual(328);
      }),
      { numRuns: 300 },
    );
  });

  it('formats prices in the currency\'s own minor units', () => {
    expect([
      formatMoney({ amountCents: 123_456, currency: 'EUR' }),
      formatMoney({ amountCents: 1999, currency: 'USD' }),
      formatMoney({ amountCents: 1500, currency: 'JPY' }),
      formatMoney({ amountCents: 1000, currency: 'GBP' }),
    ]).toEqual(['€1,234.56', '$19.99', '¥1,500', '£10.00']);
  });

  it('escapes every XML special and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
    expect(clean('a\u0000b\u0007 \n\t c\uFFFE')).toBe('ab c');
  });

  it('wraps names into two lines at most, ending a cut one with an ellipsis', () => {
    const lines = wrapText('A remarkably long product name that goes on and on about its many wonderful qualities', 328, 17, 2, 1.04);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(textWidth(line, 17, 1.04)).toBeLessThanOrEqual(328);
    expect(wrapText('Short', 328, 17, 2)).toEqual(['Short']);
    const word = wrapText('x'.repeat(200), 100, 17, 2);
    expect(word).toHaveLength(2);
    for (const line of word) expect(textWidth(line, 17)).toBeLessThanOrEqual(100);
  });
});
