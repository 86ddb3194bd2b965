// Which characters the two SQL engines treat alike. PGlite's libc (Emscripten) carries other
// Unicode tables than a PostgreSQL server's glibc, so lower(), full-text words and trigrams differ
// for some characters, and PGlite's client drops a leading U+FEFF from every text it reads. A
// property comparing the app on both stores keeps such characters out of its input (they are
// known divergences, pinned by their own tests), so what it still finds is the app's own doing.
// The probe talks to each engine through its bare client, never through the app's store code:
// a store bug (values spliced into SQL) must not be able to hide itself by skewing the probe.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

/** What the app relies on per character: how it reads back, lower-cases, splits into words and trigrams. */
const PROBE = `select t.c as echo, lower(t.c) as lower,
    to_tsvector('simple', 'a' || t.c || 'b')::text as words, show_trgm('a' || t.c || 'b')::text as trigrams
  from jsonb_array_elements_text($1::jsonb) with ordinality as t(c, n) order by t.n`;

type Probe = (codePoints: string) => Promise<readonly unknown[]>;

export class EngineTextSemantics {
  /** Per code point, whether both engines answered the probe alike; filled as texts come. */
  private readonly alike = new Map<string, boolean>();

  private constructor(
    private readonly probes: readonly Probe[],
    readonly close: () => Promise<void>,
  ) {}

  /** An in-memory PGlite (same build as the store's) and a client of the PostgreSQL database at `postgresUrl`. */
  static async open(postgresUrl: string): Promise<EngineTextSemantics> {
    const pglite = await PGlite.create({ extensions: { pg_trgm } });
    await pglite.exec('create extension if not exists pg_trgm');
    const postgres = new pg.Client({ connectionString: postgresUrl });
    await postgres.connect();
    await postgres.query('create extension if not exists pg_trgm');
    return new EngineTextSemantics(
      [
        async (codePoints) => (await pglite.query(PROBE, [codePoints])).rows,
        async (codePoints) => (await postgres.query(PROBE, [codePoints])).rows,
      ],
      async () => {
        await postgres.end();
        await pglite.close();
      },
    );
  }

  /**
   * `text` without the code points the engines treat differently, counting the code points of
   * their JavaScript upper and lower case too (the app case-maps in JavaScript, then in SQL).
   */
  async keepAlike(text: string): Promise<string> {
    const related = (c: string) => [c, ...c.toUpperCase(), ...c.toLowerCase()];
    const codePoints = [...text];
    await this.probe([...new Set(codePoints.flatMap(related))].filter((c) => !this.alike.has(c)));
    return codePoints.filter((c) => related(c).every((r) => this.alike.get(r) === true)).join('');
  }

  private async probe(codePoints: readonly string[]): Promise<void> {
    if (codePoints.length === 0) return;
    const answers = await Promise.all(this.probes.map((probe) => probe(JSON.stringify(codePoints))));
    codePoints.forEach((c, i) => {
      const seen = answers.map((rows) => JSON.stringify(rows[i]));
      this.alike.set(c, seen.every((row) => row === seen[0]));
    });
  }
}
