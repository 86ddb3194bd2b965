// Graph rebuild jobs across replicas (issue 13): two GraphRebuilds over one job store play two
// processes. A job started on one is answered by the other, which never starts a second rebuild;
// the owner's heartbeat keeps the job alive, and a job whose owner stopped ends as failed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { InMemoryRebuildJobRepository } from '../../../adapters/memory/in-memory-rebuild-job-repository';
import { SequentialIds } from '../../../adapters/memory/sequential-ids';
import { OWNER_STOPPED, type RebuildJobRepository } from '../../../application/ports/rebuild-job-repository';
import { GraphRebuilds, type RebuildLog } from '../../../application/recommendations/graph-rebuilds';
import type { RebuildProgress } from '../../../application/recommendations/rebuild-graph';
import type { Actor } from '../../../domain/identity/actor';

const LEASE_MS = 60_000;
const BEAT_EVERY_MS = LEASE_MS / 4;
const PROGRESS_EVERY_MS = 1000;
const progress = (phase: RebuildProgress['phase'], products = 0): RebuildProgress => ({ phase, products, purchases: 0, users: 0, skipped: 0 });

/** A rebuild the test drives: it reports and ends when told. */
class GatedRebuild {
  readonly runs: { companyId: string; report: (p: RebuildProgress) => void; succeed: (p: RebuildProgress) => void; fail: (e: Error) => void }[] = [];

  execute(companyId: string, onProgress: (p: RebuildProgress) => void = () => undefined): Promise<RebuildProgress> {
    return new Promise((succeed, fail) => this.runs.push({ companyId, report: onProgress, succeed, fail }));
  }

  get last() {
    const run = this.runs.at(-1);
    if (!run) throw new Error('no rebuild ran');
    return run;
  }
}

/** Counts the progress writes that reach the store. */
class CountingJobs implements RebuildJobRepository {
  beats = 0;
  constructor(private readonly inner: RebuildJobRepository) {}
  start: RebuildJobRepository['start'] = (c, id) => this.inner.start(c, id);
  byId: RebuildJobRepository['byId'] = (c, id) => this.inner.byId(c, id);
  finish: RebuildJobRepository['finish'] = (c, id, o) => this.inner.finish(c, id, o);
  beat: RebuildJobRepository['beat'] = (c, id, p) => {
    this.beats++;
    return this.inner.beat(c, id, p);
  };
}

describe('graph rebuild jobs shared by replicas', () => {
  const admin: Actor = { userId: 'u-1', companyId: 'acme', role: 'admin' };
  let clock: FixedClock;
  let store: InMemoryRebuildJobRepository;
  let logged: string[];
  const log: RebuildLog = {
    failed: (companyId, error) => logged.push(`failed ${companyId}: ${String(error)}`),
    lost: (companyId, jobId) => logged.push(`lost ${jobId}`),
    unrecorded: (companyId, jobId) => logged.push(`unrecorded ${jobId}`),
  };
  const replica = (name: string, jobs: RebuildJobRepository = store, rebuild = new GatedRebuild()) => ({
    rebuild,
    rebuilds: new GraphRebuilds(rebuild, jobs, new SequentialIds(name), clock, log, { progressEveryMs: PROGRESS_EVERY_MS, beatEveryMs: BEAT_EVERY_MS }),
  });
  const started = async (r: ReturnType<typeof replica>) => {
    const result = await r.rebuilds.start(admin);
    if (!result.ok) throw new Error(result.error.code);
    return result.value;
  };
  const read = async (r: ReturnType<typeof replica>, id: string) => {
    const result = await r.rebuilds.get(admin, id);
    return result.ok ? result.value : result.error.code;
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    clock = new FixedClock();
    store = new InMemoryRebuildJobRepository(clock, LEASE_MS);
    logged = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a job started on one replica from the other, which starts no second rebuild', async () => {
    const [a, b] = [replica('a'), replica('b')];
    const first = await started(a);
    expect(first).toMatchObject({ started: true, job: { status: 'running' } });

    expect(await read(b, first.job.id)).toMatchObject({ id: first.job.id, status: 'running' });
    const second = await started(b);
    expect([second.started, second.job.id]).toEqual([false, first.job.id]);
    expect(b.rebuild.runs).toHaveLength(0);

    a.rebuild.last.succeed(progress('done', 7));
    await a.rebuilds.run('acme');
    expect(await read(b, first.job.id)).toMatchObject({ status: 'succeeded', progress: progress('done', 7), finishedAt: clock.now() });
    expect(await read(replica('c'), first.job.id)).toMatchObject({ status: 'succeeded' });
    expect((await started(b)).started).toBe(true);
    expect(b.rebuild.runs).toHaveLength(1);
  });

  it('refuses non-admins and reads another company\'s job as missing', async () => {
    const a = replica('a');
    const { job } = await started(a);
    expect((await a.rebuilds.start({ ...admin, role: 'staff' })).ok).toBe(false);
    expect(await a.rebuilds.get({ ...admin, companyId: 'other' }, job.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('records a failed rebuild with its error and the progress it reached', async () => {
    const a = replica('a');
    const { job } = await started(a);
    a.rebuild.last.report(progress('purchases', 40));
    a.rebuild.last.fail(new Error('graph unreachable'));
    await a.rebuilds.run('acme');
    expect(await read(replica('b'), job.id)).toMatchObject({ status: 'failed', error: 'graph unreachable', progress: progress('purchases', 40) });
    expect(logged).toEqual(['failed acme: Error: graph unreachable']);
  });

  it('writes progress at most once per interval and at every phase change', async () => {
    const counting = new CountingJobs(store);
    const a = replica('a', counting);
    const { job } = await started(a);
    for (let i = 1; i <= 50; i++) a.rebuild.last.report(progress('products', i));
    await vi.advanceTimersByTimeAsync(0);
    expect(counting.beats).toBe(0);

    clock.advance(PROGRESS_EVERY_MS);
    for (let i = 51; i <= 100; i++) a.rebuild.last.report(progress('products', i));
    await vi.advanceTimersByTimeAsync(0);
    expect(counting.beats).toBe(1);

    a.rebuild.last.report(progress('purchases', 100));
    await vi.advanceTimersByTimeAsync(0);
    expect(counting.beats).toBe(2);
    expect((await store.byId('acme', job.id))?.progress).toEqual(progress('purchases', 100));
  });

  it('keeps its job running past the lease while it works, by beating on a timer', async () => {
    const [a, b] = [replica('a'), replica('b')];
    const { job } = await started(a);
    for (let i = 0; i < 8; i++) {
      clock.advance(BEAT_EVERY_MS);
      await vi.advanceTimersByTimeAsync(BEAT_EVERY_MS);
    }
    expect(await read(b, job.id)).toMatchObject({ status: 'running' });
    expect((await started(b)).started).toBe(false);
  });

  it('reads the job of an owner that died as failed, and lets a new rebuild start', async () => {
    // A row left running by a process that is gone: nobody beats for it.
    const dead = await store.start('acme', 'dead-job');
    expect(dead.started).toBe(true);
    const b = replica('b');
    expect((await started(b)).started).toBe(false);

    clock.advance(LEASE_MS + 1);
    expect(await read(b, 'dead-job')).toMatchObject({ status: 'failed', error: OWNER_STOPPED, finishedAt: clock.now() });
    const next = await started(b);
    expect(next).toMatchObject({ started: true, job: { status: 'running' } });
  });

  it('keeps the failed ending when an owner, judged dead, finishes after all', async () => {
    const [a, b] = [replica('a'), replica('b')];
    const { job } = await started(a);
    clock.advance(LEASE_MS + 1); // no timer ran: the owner looked dead (a frozen process)
    expect(await read(b, job.id)).toMatchObject({ status: 'failed', error: OWNER_STOPPED });
    a.rebuild.last.succeed(progress('done'));
    await a.rebuilds.run('acme');
    expect(await read(b, job.id)).toMatchObject({ status: 'failed', error: OWNER_STOPPED });
    expect(logged).toEqual([`lost ${job.id}`]);
  });

  it('stops beating for a job it lost, and says so once', async () => {
    const counting = new CountingJobs(store);
    const [a, b] = [replica('a', counting), replica('b')];
    const { job } = await started(a);
    clock.advance(LEASE_MS + 1);
    expect(await read(b, job.id)).toMatchObject({ status: 'failed' });
    await vi.advanceTimersByTimeAsync(BEAT_EVERY_MS * 3);
    expect(counting.beats).toBe(1);
    a.rebuild.last.succeed(progress('done'));
    await a.rebuilds.run('acme');
    expect(logged).toEqual([`lost ${job.id}`]);
  });

  it('fails its running jobs when the process stops, without waiting for the lease', async () => {
    const a = replica('a');
    const { job } = await started(a);
    a.rebuild.last.report(progress('interests', 3));
    await a.rebuilds.stop();
    expect(await store.byId('acme', job.id)).toMatchObject({ status: 'failed', error: OWNER_STOPPED, progress: progress('interests', 3) });
    a.rebuild.last.fail(new Error('store closed'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await store.byId('acme', job.id)).toMatchObject({ status: 'failed', error: OWNER_STOPPED });
    expect(logged).toEqual([]);
  });

  it('rebuilds at start-up in this process whatever another replica runs, writing no job', async () => {
    const [a, b] = [replica('a'), replica('b')];
    const { job } = await started(a);
    const startUp = b.rebuilds.run('acme');
    b.rebuild.last.succeed(progress('done', 2));
    expect(await startUp).toEqual({ status: 'succeeded', progress: progress('done', 2) });
    expect((await started(b)).job.id).toBe(job.id);
  });
});
