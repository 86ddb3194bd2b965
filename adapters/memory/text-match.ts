// What PostgreSQL's product search does, in memory: full-text with the 'simple'
// configuration (every query word equals a word of the text), or the query is a close
// spelling of a stretch of the name (pg_trgm word similarity ≥ 0.3). Trigrams are built the
// way pg_trgm builds them: per word, padded with two spaces in front and one behind.
export const FUZZY_THRESHOLD = 0.3;

export const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function trigrams(wordList: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const word of wordList) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The best similarity between `query` and any run of consecutive words of `text`. */
export function wordSimilarity(query: string, text: string): number {
  const q = trigrams(words(query));
  const t = words(text);
  let best = 0;
  for (let start = 0; start < t.length; start++) {
    for (let end = start + 1; end <= t.length; end++) best = Math.max(best, similarity(q, trigrams(t.slice(start, end))));
  }
  return best;
}

export interface TextMatch {
  readonly matches: boolean;
  /** Higher is better: 1 for a full-text match plus the name's similarity, like ts_rank + similarity. */
  readonly score: number;
}

export function matchText(query: string, text: string, name: string): TextMatch {
  const q = words(query);
  if (q.length === 0) return { matches: true, score: 0 };
  const textWords = new Set(words(text));
  const exact = q.every((w) => textWords.has(w));
  const fuzzy = wordSimilarity(query, name);
  return { matches: exact || fuzzy >= FUZZY_THRESHOLD, score: (exact ? 1 : 0) + fuzzy };
}

/** How well `prefix` completes `name`: 2 starts it, 1.5 starts a later word, else its close spelling (≥ 0.3 counts). */
export function completionScore(prefix: string, name: string): number {
  const lower = name.toLowerCase();
  if (lower.startsWith(prefix)) return 2;
  if (lower.includes(` ${prefix}`)) return 1.5;
  return wordSimilarity(prefix, lower);
}
