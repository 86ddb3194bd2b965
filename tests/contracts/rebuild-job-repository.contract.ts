// RebuildJobRepository: graph rebuild jobs every replica answers for, one running per company,
// and a job whose owner stopped renewing its lease ends as failed instead of running forever.
import { expect, it } from 'vitest';
import type { FixedClock } from '../../adapters/memory/fixed-clock';
import { OWNER_STOPPED, type RebuildJobRepository } from '../../application/ports/rebuild-job-repository';
import type { RebuildProgress } from '../../application/recommendations/rebuild-graph';
import { uniqueId } from '../support/unique';

export interface RebuildJobsUnderTest {
  readonly jobs: RebuildJobRepository;
  /** The clock the repository reads; tests move it past the lease. */
  readonly clock: FixedClock;
  readonly leaseMs: number;
}

const NO_PROGRESS: RebuildProgress = { phase: 'products', products: 0, purchases: 0, users: 0, skipped: 0 };

export function rebuildJobRepositoryContract(subject: () => RebuildJobsUnderTest): void {
  it('starts a running job, then answers it to every start for the company until it ends', async () => {
    const { jobs, clock } = subject();
    const [company, first] = [uniqueId(), uniqueId()];
    const started = await jobs.start(company, first);
    expect(started).toEqual({
      started: true,
      job: { id: first, companyId: company, status: 'running', progress: NO_PROGRESS, startedAt: clock.now(), finishedAt: null, error: null },
    });
    const again = await jobs.start(company, uniqueId());
    expect([again.started, again.job.id]).toEqual([false, first]);
    expect((await jobs.start(uniqueId(), uniqueId())).started).toBe(true);

    expect(await jobs.finish(company, first, { status: 'succeeded', progress: { ...NO_PROGRESS, phase: 'done' } })).toBe(true);
    const next = uniqueId();
    expect(await jobs.start(company, next)).toMatchObject({ started: true, job: { id: next, status: 'running' } });
  });

  it('lets exactly one of many concurrent starts for a company start, and all answer that job', async () => {
    const { jobs } = subject();
    const company = uniqueId();
    const results = await Promise.all(Array.from({ length: 8 }, () => jobs.start(company, uniqueId())));
    const winners = results.filter((r) => r.started);
    expect(winners).toHaveLength(1);
    expect(new Set(results.map((r) => r.job.id))).toEqual(new Set([winners[0]!.job.id]));
  });

  it('reads a job only for its own company', async () => {
    const { jobs } = subject();
    const [company, id] = [uniqueId(), uniqueId()];
    await jobs.start(company, id);
    expect(await jobs.byId(company, id)).toMatchObject({ id, companyId: company, status: 'running' });
    expect(await jobs.byId(uniqueId(), id)).toBeNull();
    expect(await jobs.byId(company, uniqueId())).toBeNull();
    expect(await jobs.beat(uniqueId(), id, NO_PROGRESS)).toBe(false);
    expect(await jobs.finish(uniqueId(), id, { status: 'succeeded', progress: NO_PROGRESS })).toBe(false);
    expect((await jobs.byId(company, id))?.status).toBe('running');
  });

  it('round-trips progress and the ending; an ended job keeps its first ending', async () => {
    const { jobs, clock } = subject();
    const [company, id] = [uniqueId(), uniqueId()];
    const { job } = await jobs.start(company, id);
    const midway: RebuildProgress = { phase: 'purchases', products: 1200, purchases: 40, users: 0, skipped: 2 };
    expect(await jobs.beat(company, id, midway)).toBe(true);
    expect(await jobs.byId(company, id)).toEqual({ ...job, progress: midway });

    clock.advance(1500);
    const done: RebuildProgress = { ...midway, phase: 'done', users: 7 };
    expect(await jobs.finish(company, id, { status: 'failed', progress: done, error: 'graph unreachable' })).toBe(true);
    const ended = { ...job, status: 'failed', progress: done, finishedAt: clock.now(), error: 'graph unreachable' };
    expect(await jobs.byId(company, id)).toEqual(ended);

    expect(await jobs.finish(company, id, { status: 'succeeded', progress: NO_PROGRESS })).toBe(false);
    expect(await jobs.beat(company, id, NO_PROGRESS)).toBe(false);
    expect(await jobs.byId(company, id)).toEqual(ended);
  });

  it('fails a running job whose lease ran out when it is read; its owner can no longer write it', async () => {
    const { jobs, clock, leaseMs } = subject();
    const [company, id] = [uniqueId(), uniqueId()];
    await jobs.start(company, id);
    clock.advance(leaseMs);
    expect((await jobs.byId(company, id))?.status).toBe('running');
    clock.advance(1);
    const expired = await jobs.byId(company, id);
    expect(expired).toMatchObject({ status: 'failed', error: OWNER_STOPPED, finishedAt: clock.now() });
    clock.advance(1000);
    expect(await jobs.byId(company, id)).toEqual(expired);
    expect(await jobs.beat(company, id, NO_PROGRESS)).toBe(false);
    expect(await jobs.finish(company, id, { status: 'succeeded', progress: NO_PROGRESS })).toBe(false);
    expect((await jobs.start(company, uniqueId())).started).toBe(true);
  });

  it('lets a start replace a running job whose lease ran out, failing it', async () => {
    const { jobs, clock, leaseMs } = subject();
    const [company, dead] = [uniqueId(), uniqueId()];
    await jobs.start(company, dead);
    clock.advance(leaseMs + 1);
    const results = await Promise.all([jobs.start(company, uniqueId()), jobs.start(company, uniqueId())]);
    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect(await jobs.byId(company, dead)).toMatchObject({ status: 'failed', error: OWNER_STOPPED });
  });

  it('keeps a job alive while its owner beats within the lease', async () => {
    const { jobs, clock, leaseMs } = subject();
    const [company, id] = [uniqueId(), uniqueId()];
    await jobs.start(company, id);
    for (let i = 0; i < 4; i++) {
      clock.advance(leaseMs * 0.75);
      expect(await jobs.beat(company, id, { ...NO_PROGRESS, products: i })).toBe(true);
    }
    clock.advance(leaseMs * 0.75);
    expect(await jobs.byId(company, id)).toMatchObject({ status: 'running', progress: { products: 3 } });
    expect((await jobs.start(company, uniqueId())).started).toBe(false);
  });
}
