// bench/password-reset: does `POST /auth/password-reset` tell which emails exist by its timing?
// Interleaved pairs (a registered email, an unregistered one; which goes first alternates) are
// timed from the client, and the medians, their ratio, the median of the pairs' differences
// and how many pairs the known email lost are printed. The app runs with its production scrypt cost and the limits raised so nothing
// is throttled. The client runs in a worker thread, as a remote one would run apart: on the
// server's thread, reading each answer would wait for whatever the server does next (PGlite's
// queries hold the thread), which no real client sees.
//
// Two modes: `settled` waits for the outbox relay to go idle after each request, so each
// timing holds the request path alone (the consumer's mail for a known email runs between
// requests); `back-to-back` does not, so a request also competes with the consumer work the
// previous one caused, as it would on a busy server.
//
//   npm run bench:reset -- [--pairs 100] [--store pglite|postgres|memory] [--modes settled,back-to-back]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { OutboxPump } from '../../adapters/system/outbox-pump';
import { createApp, type App } from '../../composition/app';
import { loadConfig } from '../../composition/config';
import { TOKENS } from '../../composition/tokens';
import { createThrowawayDatabase } from '../support/throwaway-database';

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '100' },
    store: { type: 'string', default: 'pglite' },
    modes: { type: 'string', default: 'settled,back-to-back' },
  },
});
const PAIRS = Number(args.pairs);
const WARM_UP = 20;
const UNTHROTTLED = { PASSWORD_RESET_MAX_PER_EMAIL: '100000', PASSWORD_RESET_MAX_PER_ADDRESS: '100000' };

type Mode = 'settled' | 'back-to-back';

/** Times one POST per message, in its own thread; answers `{ elapsed, status }`. */
const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, body }) => {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  parentPort.postMessage({ elapsed: performance.now() - started, status: res.status });
});
`;

/** A client in a worker thread that times one request at a time. */
function timingClient(): { time(url: string, body: unknown): Promise<{ elapsed: number; status: number }>; close(): Promise<number> } {
  const worker = new Worker(CLIENT, { eval: true });
  return {
    time: (url, body) =>
      new Promise((resolve, reject) => {
        // One request at a time: both listeners go when either fires, so none pile up.
        const answered = (value: { elapsed: number; status: number }) => {
          worker.off('error', failed);
          resolve(value);
        };
        const failed = (error: Error) => {
          worker.off('message', answered);
          reject(error);
        };
        worker.once('message', answered);
        worker.once('error', failed);
        worker.postMessage({ url, body: JSON.stringify(body) });
      }),
    close: () => worker.terminate(),
  };
}

interface Target {
  readonly app: App;
  readonly base: string;
  cleanup(): Promise<void>;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function startTarget(store: string): Promise<Target> {
  const logger = pino({ level: 'silent' });
  const jwtSecret = randomBytes(32).toString('hex');
  if (store === 'memory') {
    const app = await createApp({ config: loadConfig({ LOG_LEVEL: 'silent', ...UNTHROTTLED }), store: 'memory', jwtSecret, logger, mail: 'memory' });
    return { app, base: `http://127.0.0.1:${await app.listen(0)}`, cleanup: async () => undefined };
  }
  if (store === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cg-bench-reset-'));
    const app = await createApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...UNTHROTTLED }), store: 'database', jwtSecret, logger, mail: 'memory' });
    return { app, base: `http://127.0.0.1:${await app.listen(0)}`, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await createThrowawayDatabase('cg_bench');
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...UNTHROTTLED });
  const app = await createApp({ config, store: 'database', jwtSecret, logger, mail: 'memory' });
  return { app, base: `http://127.0.0.1:${await app.listen(0)}`, cleanup: () => database.drop() };
}

async function register(base: string): Promise<{ slug: string; email: string }> {
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const email = `owner@${slug}.test`;
  const res = await fetch(`${base}/api/v1/companies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', slug, owner: { email, password: 'bench-password', displayName: 'Bench' } }),
  });
  if (res.status !== 201) throw new Error(`registering the company: ${res.status} ${await res.text()}`);
  return { slug, email };
}

async function main(): Promise<void> {
  const { app, base, cleanup } = await startTarget(args.store);
  const client = timingClient();
  try {
    const pump = app.container.get<OutboxPump>(TOKENS.OutboxPump);
    const { slug, email: known } = await register(base);
    let unknownCount = 0;
    /** Client-side milliseconds of one request; throws on any answer but 202. */
    const timed = async (email: string): Promise<number> => {
      const { elapsed, status } = await client.time(`${base}/api/v1/auth/password-reset`, { companySlug: slug, email });
      if (status !== 202) throw new Error(`password reset answered ${status}`);
      return elapsed;
    };
    const unknown = () => `nobody-${++unknownCount}@${slug}.test`;

    for (let i = 0; i < WARM_UP; i++) await timed(i % 2 === 0 ? known : unknown());
    await pump.idle();

    for (const mode of args.modes.split(',') as Mode[]) {
      const knownTimes: number[] = [];
      const unknownTimes: number[] = [];
      let knownSlower = 0;
      for (let pair = 0; pair < PAIRS; pair++) {
        const order = pair % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const);
        const times: Record<'known' | 'unknown', number> = { known: 0, unknown: 0 };
        for (const which of order) {
          times[which] = await timed(which === 'known' ? known : unknown());
          if (mode === 'settled') await pump.idle();
        }
        knownTimes.push(times.known);
        unknownTimes.push(times.unknown);
        if (times.known > times.unknown) knownSlower += 1;
      }
      await pump.idle();
      const [k, u] = [median(knownTimes), median(unknownTimes)];
      // The pairs' own differences: on a noisy machine their median moves less than either median does.
      const difference = median(knownTimes.map((known, i) => known - (unknownTimes[i] ?? known)));
      console.log(
        `${args.store} ${mode}: ${PAIRS} pairs; median known ${k.toFixed(3)} ms, unknown ${u.toFixed(3)} ms, ` +
          `ratio known/unknown ${(k / u).toFixed(3)}; median paired difference ${difference.toFixed(3)} ms; ` +
          `known slower in ${knownSlower} of ${PAIRS} pairs`,
      );
    }
  } finally {
    await client.close();
    await app.close();
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
