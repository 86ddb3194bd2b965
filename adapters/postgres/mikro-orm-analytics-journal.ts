// The journal that feeds ClickHouse (SPEC §3.9): ingestion writes each batch's new events as one
// row in its own transaction, so a 202 never waits on ClickHouse, and ClickHouse being away never
// refuses an event. The ClickHouse store claims, delivers and deletes the rows.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsEventLog, AppendOutcome } from '../../application/ports/analytics-event-store';
import type { AnalyticsJournal, JournalEncoding, JournalledBatch } from '../../application/ports/analytics-journal';
import type { AnalyticsEvent } from '../../domain/analytics/analytics-event';
import { claimNewMessageIds, forgetKeysBefore } from './analytics-event-keys';

const JOURNAL = 'insert into analytics_journal (company_id, received_at, events) values (?, ?, ?)';

/** Journals, in the caller's transaction (the `em` passed in is transactional), the events whose keys it claimed. */
export class MikroOrmAnalyticsJournalLog implements AnalyticsEventLog {
  constructor(
    private readonly em: EntityManager,
    private readonly encoding: JournalEncoding,
  ) {}

  async append(companyId: string, events: readonly AnalyticsEvent[], receivedAt: Date): Promise<AppendOutcome> {
    const fresh = await claimNewMessageIds(this.em, companyId, events.map((event) => event.messageId), receivedAt);
    const accepted = events.filter((event) => fresh.has(event.messageId));
    if (accepted.length > 0) await this.em.execute(JOURNAL, [companyId, receivedAt, this.encoding.encode(companyId, receivedAt, accepted)], 'run');
    return { accepted: accepted.length, duplicates: events.length - accepted.length };
  }
}

// Leases are taken and judged by the database clock (`now()`), as the outbox's are, so drainers
// on hosts whose clocks disagree still agree on when a lease ran out.
const CLAIM = `update analytics_journal set claimed_until = now() + make_interval(secs => ?), attempts = attempts + 1
  where id in (
    select id from analytics_journal
    where claimed_until is null or claimed_until < now()
    order by id
    limit ?
    for update skip locked)
  returning id, company_id, events, attempts`;

interface ClaimedRow {
  id: string | number;
  company_id: string;
  events: string;
  attempts: number;
}

const REMOVE = 'delete from analytics_journal where id in (?)';

const OLDEST = 'select min(received_at) as oldest from analytics_journal';

/**
 * The drainer's view: each call is one autocommitted statement on a fresh fork, outside
 * business transactions, so a claim is committed before anything is sent to ClickHouse.
 */
export class MikroOrmAnalyticsJournal implements AnalyticsJournal {
  constructor(private readonly root: EntityManager) {}

  async claim(limit: number, leaseMs: number): Promise<JournalledBatch[]> {
    const rows = await this.root.fork().execute<ClaimedRow[]>(CLAIM, [leaseMs / 1000, limit]);
    // `returning` does not keep the subquery's order.
    return rows.map(claimedBatch).sort((a, b) => compareIds(a.id, b.id));
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.root.fork().execute(REMOVE, [[...ids]], 'run');
  }

  async oldestReceivedAt(): Promise<Date | null> {
    const [row] = await this.root.fork().execute<{ oldest: Date | string | null }[]>(OLDEST);
    return row?.oldest ? new Date(row.oldest) : null;
  }

  forgetKeysBefore(before: Date): Promise<void> {
    return forgetKeysBefore(this.root.fork(), before);
  }
}

function claimedBatch(row: ClaimedRow): JournalledBatch {
  return { id: String(row.id), companyId: row.company_id, encoded: row.events, attempts: row.attempts };
}

/** bigserial ids as text: a longer one is larger. */
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
