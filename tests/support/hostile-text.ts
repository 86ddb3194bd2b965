// Text that breaks a store which splices values into SQL, or reads them as placeholders, LIKE
// patterns or script separators, plus Unicode that changes length, width or direction. NUL and
// lone surrogates are left out on purpose: the HTTP edge refuses them (text-at-the-edge.test.ts).

/** 10 kB of mixed 1- to 4-byte characters (10_240 UTF-16 units), never cutting a surrogate pair. */
function longText(units = 10_240): string {
  // Words of about 1 kB: the in-memory fuzzy match compares every run of words of a name, so a
  // name of thousands of words would take it minutes (the HTTP edge caps names at 200 anyway).
  // Repeating, so PostgreSQL compresses it: 10 kB that do not compress exceed a btree row (SQLSTATE
  // 54000) in the unique keys (slug, email, sku, interest), which the edge caps far below that.
  const word = 'aéжש中ñ'.repeat(170);
  const separator = ` ;'"\\ 🙂 `;
  let text = '';
  while (text.length < units) text += `${word}${separator}`;
  const cut = Array.from(text);
  while (cut.join('').length > units) cut.pop();
  return cut.join('').padEnd(units, 'z');
}

/** Every hostile value, each distinct, none empty; the contracts store and look up each of them. */
export const HOSTILE_TEXTS: readonly string[] = [
  // Statement separators, quotes and comments.
  ';',
  'a;b',
  "'",
  '"',
  '\\',
  "\\'",
  '\\\\',
  '--',
  '/*',
  '*/',
  "x' or '1'='1",
  "'; drop table users; --",
  '"; select pg_sleep(0); --',
  "' || (select current_user) || '",
  // Placeholders of PostgreSQL, knex, MikroORM and other drivers, and dollar quoting.
  '$1',
  '$1$2',
  '$$',
  '$tag$ $tag$',
  '?',
  '??',
  '\\?',
  ':name',
  '@p1',
  '{}',
  // Keys that object walkers trip on (MikroORM's validator read `value.constructor.name`) or
  // that query builders read as operators.
  'constructor',
  '__proto__',
  'toString',
  '$in',
  // LIKE wildcards, and COPY's null marker.
  '%',
  '_',
  '%_%',
  '\\N',
  // Whitespace a trim or a tokenizer could eat.
  '  padded\twith\nwhitespace  ',
  // Unicode: an emoji ZWJ sequence with a skin tone, right-to-left text with RLO/PDF and RLM
  // marks, combining marks, and fullwidth look-alikes of quote and semicolon.
  '👩🏽‍🚀 👨‍👩‍👧‍👦',
  'مرحبا \u202Eبالعالم\u202C שלום\u200F',
  '\u202Egnp.exe\u202C',
  'e\u0301 Z\u0324\u0354\u0367\u0311\u0313',
  '＇；＂',
  longText(),
];

/** A short, printable name for a hostile value in assertion messages. */
export const label = (value: string): string => {
  const chars = Array.from(value);
  const shown = JSON.stringify(chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : value);
  return `${shown} (${value.length} chars)`;
};

if (new Set(HOSTILE_TEXTS.map((v) => v.toLowerCase())).size !== HOSTILE_TEXTS.length || HOSTILE_TEXTS.includes('')) {
  throw new Error('HOSTILE_TEXTS must be distinct (even lower-cased) and non-empty: the contracts key rows by them');
}
