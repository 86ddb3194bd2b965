// What PostgreSQL's search does, in memory: every query word equals a word of the text
// (full-text, 'simple' configuration), or the query is a close spelling of a name word
// (pg_trgm word similarity ≥ 0.3).
const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

export function similarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / (ga.size + gb.size - shared);
}

export const FUZZY_THRESHOLD = 0.3;

export interface TextMatch {
  readonly matches: boolean;
  readonly score: number;
}

export function matchText(query: string, text: string, name: string): TextMatch {
  const q = words(query);
  if (q.length === 0) return { matches: true, score: 0 };
  const textWords = new Set(words(text));
  const exact = q.every((w) => textWords.has(w));
  const nameWords = words(name);
  const fuzzy = Math.max(0, ...nameWords.map((w) => similarity(q.join(' '), w)));
  return { matches: exact || fuzzy >= FUZZY_THRESHOLD, score: (exact ? 1 : 0) + fuzzy };
}

export function startsOrResembles(prefix: string, name: string): number {
  const p = prefix.toLowerCase();
  const lower = name.toLowerCase();
  if (lower.startsWith(p)) return 2;
  if (words(lower).some((w) => w.startsWith(p))) return 1.5;
  return Math.max(0, ...words(lower).map((w) => similarity(p, w)));
}
