// The daily rollup of PostgreSQL's (and PGlite's) analytics events, kept up to date behind
// ingestion (tables in Migration20261206190000_analytics_rollups). Ingestion marks each UTC day
// it stores events of; a run claims marked days, rolls them up from the events and deletes its
// claims in the transaction that wrote the rollup. SqlEventAnalytics reads a day from the rollup
// only while it has no mark, so no answer depends on a run having happened.
//
// The race this closes: a batch committing after a run read the events but before it deleted
// the mark would be lost to the rollup. Ingestion holds a shared advisory lock per company from
// before it marks until it commits; a run claims under the exclusive lock, which waits for those
// batches to commit, so the events of every mark it claims are visible to its next statement.
// Batches never wait on one another, and wait on a run only for its claim, a few milliseconds.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsRollups } from '../../application/ports/analytics-queries';
import { inTransaction } from './transaction';

/** The advisory lock class of the rollup locks (the other key is the company's hash); any fixed int4. */
const ROLLUP_LOCK_CLASS = 2_026_120_619;

/** A run that stopped mid-way leaves claimed marks; another run takes them over after this long. */
const CLAIM_LEASE = `interval '5 minutes'`;

/** Days claimed per run and company: bounds one transaction's work and locks. */
const DAYS_PER_CLAIM = 31;

/** In the ingesting transaction, before its events are marked: held until it commits. */
export async function holdRollupLockShared(em: EntityManager, companyId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock_shared(?, hashtext(?))', [ROLLUP_LOCK_CLASS, companyId]);
}

const CLAIMABLE = `(claim = 0 or claimed_at < now() - ${CLAIM_LEASE})`;

/** Replaces the company's claimable marks of the given days by marks with this run's claim. */
const CLAIM = `with released as (
    delete from analytics_rollup_marks where company_id = ? and day = any(?::date[]) and ${CLAIMABLE}
    returning day)
  insert into analytics_rollup_marks (company_id, day, claim, claimed_at)
  select distinct ?, day, ?::bigint, now() from released`;

/**
 * Rolls the claimed days up and deletes the claim, in one statement. Rows go in (day, identity)
 * order, so two runs over one day lock the same keys in the same order and cannot deadlock.
 * Both upserts only ever lower `first_at`: events are appended, never changed.
 */
const ROLL_UP = `with active as (
    select ("timestamp" at time zone 'UTC')::date as day, coalesce(user_id, anonymous_id) as identity, min("timestamp") as first_at
      from unnest(?::date[]) d(day)
      join analytics_events e on e.company_id = ?
       and e."timestamp" >= (d.day::timestamp at time zone 'UTC') and e."timestamp" < ((d.day + 1)::timestamp at time zone 'UTC')
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
  delete from analytics_rollup_marks where company_id = ? and claim = ?::bigint`;

/** A list of dates as a PostgreSQL array literal (`YYYY-MM-DD` needs no quoting). */
export const dateArray = (days: readonly string[]): string => `{${days.join(',')}}`;

interface Claim {
  readonly claim: string;
  /** `YYYY-MM-DD`, ascending. */
  readonly days: string[];
}

export class SqlAnalyticsRollups implements AnalyticsRollups {
  constructor(private readonly root: EntityManager) {}

  async rollUp(): Promise<number> {
    const companies = await this.root
      .fork()
      .execute<{ company_id: string }[]>(`select distinct company_id from analytics_rollup_marks where ${CLAIMABLE}`);
    let rolled = 0;
    for (const { company_id: companyId } of companies) {
      // Claims until one comes back short: under steady ingestion today is marked again at once,
      // and is left to the next run.
      let claimed: Claim | null;
      do {
        claimed = await this.claim(companyId);
        if (claimed) {
          const { claim, days } = claimed;
          await inTransaction(this.root, (em) => em.execute(ROLL_UP, [dateArray(days), companyId, companyId, companyId, companyId, claim], 'run'));
          rolled += days.length;
        }
      } while (claimed?.days.length === DAYS_PER_CLAIM);
    }
    return rolled;
  }

  /** Claims up to DAYS_PER_CLAIM of the company's claimable days, oldest first, once every batch that marked them has committed. */
  private claim(companyId: string): Promise<Claim | null> {
    return inTransaction(this.root, async (em) => {
      await em.execute('select pg_advisory_xact_lock(?, hashtext(?))', [ROLLUP_LOCK_CLASS, companyId]);
      const rows = await em.execute<{ day: string }[]>(
        `select distinct day::text as day from analytics_rollup_marks where company_id = ? and ${CLAIMABLE} order by 1 limit ?`,
        [companyId, DAYS_PER_CLAIM],
      );
      if (rows.length === 0) return null;
      const days = rows.map((row) => row.day);
      const [row] = await em.execute<{ claim: string }[]>(`select nextval('analytics_rollup_claims')::text as claim`);
      const claim = row!.claim;
      await em.execute(CLAIM, [companyId, dateArray(days), companyId, claim], 'run');
      return { claim, days };
    });
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
