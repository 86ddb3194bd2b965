// fast-check arbitraries of Unicode text a client may send, for properties that push user input
// through every store, and a cut that keeps such text within a field's length limit.
import fc from 'fast-check';

/**
 * Values that have broken stores before: SQL separators, quotes, comments, placeholders of
 * PostgreSQL, knex and MikroORM, LIKE wildcards, and Unicode that changes case, width or
 * direction, or is long enough to hit every length limit.
 */
export const NASTY_TEXTS: readonly string[] = [
  'a;b', ';', "'; --", "'", "\\'", '\\', '"', '/*', '*/', '--',
  "x' or '1'='1", "Robert'); drop table products; --",
  '$1', '$$', '?', '??', '\\?', ':name',
  '%_', '%', '_', '\\%',
  '{"a":1}', '[]', 'null',
  '👩🏽‍🚀 👨‍👩‍👧‍👦', '🙂', 'مرحبا بالعالم', 'שלום עולם', '\u202Eevil\u202C', 'e\u0301te\u0301',
  'Straße', 'İstanbul', 'ǅemal', 'ΣΊΣΥΦΟΣ', '＇；＂', '\u00A0nbsp\u200B',
  '  padded\twith\nwhitespace  ',
  'x'.repeat(300), 'é'.repeat(150), '🙂'.repeat(120), 'a;b '.repeat(60),
];

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * NUL and lone surrogates are left out: the HTTP edge refuses them with a 400 before any store
 * sees them (tests/e2e/text-at-the-edge.test.ts), so they say nothing about whether the stores agree.
 */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

const graphemes = (maxLength: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength });

/** Non-empty Unicode text without NUL or lone surrogates: random graphemes, code points, words and nasty values. */
export const clientText: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: graphemes(40) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
    // Several words, so full-text search and word-prefix autocomplete see more than one token.
    { weight: 2, arbitrary: fc.array(graphemes(8), { minLength: 2, maxLength: 4 }).map((words) => words.join(' ')) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_TEXTS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NASTY_TEXTS), graphemes(10)).map(([nasty, random]) => `${random}${nasty}`) },
  )
  .filter(isStorableText);

/**
 * The longest prefix of whole code points within `maxUnits` UTF-16 units (what zod's `max`
 * counts), so a cut never leaves a lone surrogate behind.
 */
export function fitUtf16(text: string, maxUnits: number): string {
  let out = '';
  for (const codePoint of text) {
    if (out.length + codePoint.length > maxUnits) break;
    out += codePoint;
  }
  return out;
}
