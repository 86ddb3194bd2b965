// The daily rollup of PostgreSQL's (and PGlite's) analytics events, kept up to date behind
// ingestion (tables in Migration20261206190000_analytics_rollups). Ingestion numbers each batch
// and marks each UTC day it stores events of. A run claims the company's marks and the batch
// number reached, rolls up the events of the batches since its last run a step at a time,
// advancing its progress with each step, and deletes its claims with the last.
// SqlEventAnalytics reads a day from the rollup only while it has no mark, so no answer depends
// on a run having happened.
//
// The race this closes: batch numbers are drawn in one order and committed in another, so a
// batch committing after a run read its number would be lost to the rollup. Ingestion holds a
// shared advisory lock per company from before it draws its number until it commits; a run
// claims under the exclusive lock, which waits for those batches to commit, so every batch
// numbered up to the number it reads is visible to it, and every later batch draws a higher one.
// Batches never wait on one another, and wait on a run only for its claim, a few milliseconds.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsRollups } from '../../application/ports/analytics-queries';
import { inTransaction } from './transaction';

/** The advisory lock class of the rollup locks (the other key is the company's hash); any fixed int4. */
const ROLLUP_LOCK_CLASS = 2_026_120_619;

/** A run that stopped mid-way leaves claimed marks; another run takes them over after this long. */
const CLAIM_LEASE = `interval '5 minutes'`;

/** In the ingesting transaction, before its events are marked: held until it commits. */
export async function holdRollupLockShared(em: EntityManager, companyId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock_shared(?, hashtext(?))', [ROLLUP_LOCK_CLASS, companyId]);
}

const CLAIMABLE = `(claim = 0 or claimed_at < now() - ${CLAIM_LEASE})`;

/** Replaces the company's claimable marks by marks with this run's claim. */
const CLAIM = `with released as (
    delete from analytics_rollup_marks where company_id = ? and ${CLAIMABLE}
    returning day)
  insert into analytics_rollup_marks (company_id, day, claim, claimed_at)
  select distinct ?, day, ?::bigint, now() from released`;

/** Batches rolled up per transaction: bounds one transaction's work (a batch holds at most 1000 events). */
const BATCHES_PER_STEP = 500;

/**
 * Rolls up the company's events of batches (after, through]. Rows go in (day, identity) order,
 * so two runs over one day lock the same keys in the same order and cannot deadlock. Both
 * upserts only ever lower `first_at`: events are appended, never changed.
 */
const ROLL_UP = `with active as (
    select ("timestamp" at time zone 'UTC')::date as day, coalesce(user_id, anonymous_id) as identity, min("timestamp") as first_at
      from analytics_events where company_id = ? and batch_seq > ? and batch_seq <= ?
     group by 1, 2),
  daily as (
    insert into analytics_daily_identities (company_id, day, identity, first_at)
    select ?, day, identity, first_at from active order by day, identity
    on conflict (company_id, day, identity) do update set first_at = excluded.first_at
     where excluded.first_at < analytics_daily_identities.first_at),
  firsts as (
    insert into analytics_first_seen (company_id, identity, first_at)
    select ?, identity, min(first_at) from active group by identity order by identity
    on conflict (company_id, identity) do update set first_at = excluded.first_at
     where excluded.first_at < analytics_first_seen.first_at)
  insert into analytics_rollup_progress (company_id, rolled_to) values (?, ?)
  on conflict (company_id) do update set rolled_to = greatest(analytics_rollup_progress.rolled_to, excluded.rolled_to)`;

/** A claim: the batches to roll up, (after, through], and the number of the marks it took. */
interface Claim {
  readonly claim: string;
  readonly after: number;
  readonly through: number;
}

export class SqlAnalyticsRollups implements AnalyticsRollups {
  constructor(private readonly root: EntityManager) {}

  async rollUp(): Promise<number> {
    const companies = await this.root
      .fork()
      .execute<{ company_id: string }[]>(`select distinct company_id from analytics_rollup_marks where ${CLAIMABLE}`);
    let batches = 0;
    for (const { company_id: companyId } of companies) {
      const claimed = await this.claim(companyId);
      if (claimed) batches += await this.rollUpClaim(companyId, claimed);
    }
    return batches;
  }

  /**
   * Claims the company's claimable marks, once every batch that marked them has committed, with
   * the batches not rolled up yet; null when another run took the marks first.
   */
  private claim(companyId: string): Promise<Claim | null> {
    return inTransaction(this.root, async (em) => {
      await em.execute('select pg_advisory_xact_lock(?, hashtext(?))', [ROLLUP_LOCK_CLASS, companyId]);
      // The sequence's last value is what any session drew last, committed or not; the lock makes it committed.
      const [row] = await em.execute<{ claim: string; through: string; after: string | null }[]>(
        `select nextval('analytics_rollup_claims')::text as claim,
                (select case when is_called then last_value else 0 end from analytics_event_batches)::text as through,
                (select rolled_to from analytics_rollup_progress where company_id = ?)::text as after`,
        [companyId],
      );
      const { affectedRows } = await em.execute<{ affectedRows: number }>(CLAIM, [companyId, companyId, row!.claim], 'run');
      if (affectedRows === 0) return null;
      // Events stored before batches were numbered carry 0: a company never rolled up starts below it.
      return { claim: row!.claim, after: row!.after === null ? -1 : Number(row!.after), through: Number(row!.through) };
    });
  }

  /** Rolls up the claimed batches a step at a time, and deletes the claim with the last step; resolves with the batches covered. */
  private async rollUpClaim(companyId: string, { claim, after, through }: Claim): Promise<number> {
    const steps: [number, number][] = [];
    for (let from = after; from < through; from += BATCHES_PER_STEP) steps.push([from, Math.min(from + BATCHES_PER_STEP, through)]);
    // Nothing new (a concurrent run rolled it up): the claim is released all the same.
    if (steps.length === 0) steps.push([through, through]);
    for (const [i, [from, to]] of steps.entries()) {
      await inTransaction(this.root, async (em) => {
        await em.execute(ROLL_UP, [companyId, from, to, companyId, companyId, companyId, to], 'run');
        if (i === steps.length - 1) await em.execute('delete from analytics_rollup_marks where company_id = ? and claim = ?::bigint', [companyId, claim], 'run');
      });
    }
    return Math.max(0, through - Math.max(after, 0));
  }
}

/**
 * After the events before `start` (a month's first instant) were dropped: the rollup forgets
 * those days, and identities first seen before it are first seen at their earliest rolled-up
 * day left (or, absent from it, on a marked day, which queries read from the events).
 */
export async function forgetRollupsBefore(em: EntityManager, start: Date): Promise<void> {
  await inTransaction(em, async (tx) => {
    const day = start.toISOString().slice(0, 10);
    await tx.execute('delete from analytics_rollup_marks where day < ?::date', [day], 'run');
    await tx.execute('delete from analytics_daily_identities where day < ?::date', [day], 'run');
    await tx.execute(
      `with gone as (delete from analytics_first_seen where first_at < ? returning company_id, identity)
       insert into analytics_first_seen (company_id, identity, first_at)
       select d.company_id, d.identity, min(d.first_at) from analytics_daily_identities d join gone using (company_id, identity)
        group by 1, 2`,
      [start],
      'run',
    );
  });
}
