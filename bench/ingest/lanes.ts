// The clients of a path: `clients` lanes working at once, each starting its next job only once
// its last one ended, as an SDK client waits for an answer before it sends the next batch.

/** One unit of timed work on lane `lane` (0 .. clients-1: a connection of its own). */
export type Job = (lane: number) => Promise<void>;

/** Runs `jobs` on `clients` lanes; resolves with the seconds from the first start to the last end. */
export async function onLanes(jobs: readonly Job[], clients: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, lane) => {
      while (next < jobs.length) await jobs[next++]!(lane);
    }),
  );
  return (performance.now() - started) / 1000;
}
