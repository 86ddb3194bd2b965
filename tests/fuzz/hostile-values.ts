// What the fuzzer puts where a valid value belongs: hostile text and numbers, wrong types,
// malformed bodies and content types, and the percent-encoding that carries any of them
// (lone surrogates included) into a path or a query string.
import fc from 'fast-check';
import { HOSTILE_TEXTS } from '../support/hostile-text';
import { NASTY_TEXTS } from '../support/unicode-text';

const LONG = 10_000;

/** NUL and lone surrogates: SPEC §2 says the edge refuses them (400), and they once made 500s. */
export const EDGE_TEXTS: readonly string[] = ['\u0000', 'a\u0000b', '\u0000'.repeat(3), '\ud800', '\udfff', 'x\udc00y', '\ud83d', 'ok\ud83d\ude00\ud800'];

/** Text the edge must refuse or store faithfully, never crash on. */
export const HOSTILE_STRINGS: readonly string[] = [
  ...EDGE_TEXTS,
  '',
  ' ',
  '\ufeff',
  '\ufeffbom',
  '\u200b\u200d\u2060',
  '\u202eevil\u202c',
  'مرحبا بالعالم',
  'e\u0301\u0301\u0301\u0301',
  'Z\u0351\u0358\u036b\u0363\u0300\u0311\u0303\u0354\u0324',
  '🙂',
  '👩🏽‍🚀',
  '\uffff\ufffe',
  '\u0001\u0007\u001b[31m\u007f',
  '\r\n\t',
  ';',
  "'",
  '"',
  '`',
  "' OR '1'='1' --",
  "'; DROP TABLE products; --",
  '1; SELECT pg_sleep(0)',
  "') UNION SELECT NULL, current_user --",
  'MATCH (n) DETACH DELETE n',
  "'}) RETURN 1 //",
  '"}) WITH 1 AS x CALL db.labels() YIELD label RETURN label //',
  '../',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  'null',
  'true',
  'a'.repeat(LONG),
  '🙂'.repeat(LONG / 2),
  'é'.repeat(LONG),
  ...HOSTILE_TEXTS,
  ...NASTY_TEXTS,
];

/** Numbers past every limit: huge, negative, fractional, unsafe. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0, -0, -1, 1.5, -1.5, 0.1, 1e-7, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2_000_000_001,
];

/** Values of the wrong JSON type for almost any field. */
export const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, 1, '1', 'true', [], [1], {}, { a: 1 }, [[[]]], { $gt: '' }, JSON.parse('{"__proto__":{"role":"owner"}}')];

/** Lone surrogates and invalid UTF-8 as a client would smuggle them through percent-encoding. */
export const RAW_ENCODED: readonly string[] = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%F0%9F',
  '%C0%AF',
  '%C0%80',
  '%FF',
  '%',
  '%zz',
  '%E0%A4%A',
  '..',
  '.',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2f',
  '..%5C..%5C',
  '%3B',
  ';',
  "'",
  '%27%20OR%201%3D1--',
  '%EF%BB%BF',
  '%F4%90%80%80',
];

/** A key no schema declares, including the ones that mass-assign or pollute prototypes. */
export const UNKNOWN_KEYS: readonly string[] = [
  'role', 'companyId', 'isAdmin', 'id', 'createdAt', 'constructor', 'prototype', '$where', 'fuzzUnknown', '', ' ', '\u0000', '\ud800', '🙂', 'a.b', 'a[0]',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_TEXTS) },
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  // Random code points with lone surrogates and NUL sprinkled in.
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.oneof(
        { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
        { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00', '\u0000', '\ufeff', ';', "'") },
      ),
      minLength: 1,
      maxLength: 30,
    }),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => `${a}${b}`) },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

/** Anything that may stand where a valid value was. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
);

/** Text for a query value or path segment: hostile numbers as text too. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileNumber.map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0x10', ' 5', '5 ', '+5', '1e3', '1.0', '٣', 'Infinity', '-Infinity', '00007', '1_000') },
);

/** Bodies that are not (quite) JSON, or JSON no schema expects. */
export const RAW_BODIES: readonly (string | Buffer)[] = [
  '',
  '{',
  '}',
  '{"a":',
  "{'a':1}",
  '{"a":1,}',
  '[1,2',
  'nul',
  'null',
  'true',
  '0',
  '"text"',
  '[]',
  '{}',
  '1e400',
  '{"amountCents":1e400}',
  '{"a":1} trailing',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":"\\x00"}',
  '{"a":1,"a":2}',
  '{"__proto__":{"role":"owner","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `{"items":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
  `{${Array.from({ length: 5_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from('{"name":"\xc3\x28"}', 'latin1'),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  Buffer.alloc(64, 0),
];

/** A body just over the 1 MiB default limit (413), sent rarely: it is the slowest request. */
export const oversizedBody = (): string => JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 16) });

/** Content types a JSON route should refuse or read safely. */
export const CONTENT_TYPES: readonly (string | null)[] = [
  null,
  '',
  'text/plain',
  'text/csv',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'a/b/c',
  ';;;',
];

/** UTF-8 bytes of each code unit, lone surrogates as the 3-byte form a lax encoder writes (WTF-8). */
function wtf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return bytes;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes any string for a path segment or query value. encodeURIComponent throws on a
 * lone surrogate; this writes its WTF-8 bytes, as a careless client would.
 */
export function percentEncode(text: string): string {
  return wtf8Bytes(text)
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
