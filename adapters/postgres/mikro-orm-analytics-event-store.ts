// SDK events queried where they are written: PostgreSQL or PGlite, in `analytics_events`, one
// declarative partition per UTC month of the events' timestamps (`analytics_events_YYYYMM`).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnalyticsEventStore, TimeRange } from '../../application/ports/analytics-event-store';
import type { AnalyticsEventType, StoredAnalyticsEvent } from '../../domain/analytics/analytics-event';
import { forgetKeysBefore } from './analytics-event-keys';
import { forgetRollupsBefore } from './sql-analytics-rollups';
import { inTransaction } from './transaction';

const PARTITIONS = `select c.relname as name, i.inhdetachpending as detaching
  from pg_inherits i join pg_class c on c.oid = i.inhrelid
  where i.inhparent = 'analytics_events'::regclass`;

/** Any fixed number: the transaction-level advisory lock that processes making partitions queue on. */
const PARTITION_LOCK_KEY = 20_261_206_130;

const PARTITION_NAME = /^analytics_events_(\d{4})(\d{2})$/;

/** A UTC month, as the first instant of it. */
type Month = Date;

const monthOf = (at: Date): Month => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
const nextMonth = (month: Month): Month => new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
/** `YYYY-MM`, as dropBefore reports months. */
const monthKey = (month: Month): string => month.toISOString().slice(0, 7);
const partitionName = (month: Month): string => `analytics_events_${monthKey(month).replace('-', '')}`;

function monthOfPartition(name: string): Month | null {
  const match = PARTITION_NAME.exec(name);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : null;
}

async function partitions(em: EntityManager): Promise<{ month: Month; name: string; detaching: boolean }[]> {
  const rows = await em.execute<{ name: string; detaching: boolean }[]>(PARTITIONS);
  return rows.flatMap((row) => {
    const month = monthOfPartition(row.name);
    return month ? [{ month, name: row.name, detaching: row.detaching }] : [];
  });
}

/**
 * Makes, in `em`'s transaction, the partitions of `months` that are missing. Processes making the
 * same month queue on an advisory lock and look again once they hold it (pg_class read afresh,
 * so they see the partition the one before them committed). A new partition is made apart and
 * then attached, which locks `analytics_events` only against other attaches and detaches, never
 * against inserts or queries.
 */
async function makePartitions(em: EntityManager, months: readonly Month[]): Promise<void> {
  const missing = async () => {
    const existing = new Set((await partitions(em)).map((p) => monthKey(p.month)));
    return months.filter((month) => !existing.has(monthKey(month)));
  };
  if ((await missing()).length === 0) return;
  await em.execute('select pg_advisory_xact_lock(?)', [PARTITION_LOCK_KEY]);
  for (const month of await missing()) {
    const name = partitionName(month);
    await em.execute(`create table "${name}" (like analytics_events including defaults including constraints including generated)`, [], 'run');
    // DDL takes no bind parameters; the bounds are instants computed here, never input.
    await em.execute(`alter table analytics_events attach partition "${name}" for values from ('${month.toISOString()}') to ('${nextMonth(month).toISOString()}')`, [], 'run');
  }
}

/** Every month from `from`'s through `to`'s. */
function monthsBetween(from: Date, to: Date): Month[] {
  const months: Month[] = [];
  for (let month = monthOf(from); month <= to; month = nextMonth(month)) months.push(month);
  return months;
}

const COLUMNS = `company_id, message_id, type, event, name, user_id, anonymous_id, properties, traits, "timestamp", received_at`;

interface EventRow {
  company_id: string;
  message_id: string;
  type: AnalyticsEventType;
  event: string | null;
  name: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  properties: unknown;
  traits: unknown;
  timestamp: Date | string;
  received_at: Date | string;
}

/** Drivers hand jsonb back parsed (pg) or as text (some paths of PGlite). */
const jsonOf = (value: unknown): Record<string, unknown> => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;

const storedEvent = (row: EventRow): StoredAnalyticsEvent => ({
  companyId: row.company_id,
  messageId: row.message_id,
  type: row.type,
  event: row.event,
  name: row.name,
  userId: row.user_id,
  anonymousId: row.anonymous_id,
  properties: jsonOf(row.properties),
  traits: jsonOf(row.traits),
  timestamp: new Date(row.timestamp),
  receivedAt: new Date(row.received_at),
});

/**
 * Reads and upkeep on a fresh fork of the root EntityManager per call, outside business
 * transactions. Events are written by MikroOrmAnalyticsEventLog in the ingestion transaction,
 * so they are queryable at its commit: nothing is ever pending.
 */
export class MikroOrmAnalyticsEventStore implements AnalyticsEventStore {
  constructor(
    private readonly root: EntityManager,
    readonly kind: 'postgresql' | 'pglite',
  ) {}

  async drain(): Promise<number> {
    return 0;
  }

  async oldestPending(): Promise<Date | null> {
    return null;
  }

  async count(companyId: string, range?: TimeRange): Promise<number> {
    const [row] = range
      ? await this.root.fork().execute<{ n: string | number }[]>(
          'select count(*) as n from analytics_events where company_id = ? and "timestamp" >= ? and "timestamp" < ?',
          [companyId, range.from, range.to],
        )
      : await this.root.fork().execute<{ n: string | number }[]>('select count(*) as n from analytics_events where company_id = ?', [companyId]);
    return Number(row?.n ?? 0);
  }

  async list(companyId: string, range: TimeRange, limit: number): Promise<StoredAnalyticsEvent[]> {
    // Ties in code point order ("C"), whatever the database's collation.
    const rows = await this.root.fork().execute<EventRow[]>(
      `select ${COLUMNS} from analytics_events
        where company_id = ? and "timestamp" >= ? and "timestamp" < ?
        order by "timestamp", message_id collate "C" limit ?`,
      [companyId, range.from, range.to, limit],
    );
    return rows.map(storedEvent);
  }

  async prepare(from: Date, to: Date): Promise<void> {
    await inTransaction(this.root, (em) => makePartitions(em, monthsBetween(from, to)));
  }

  async dropBefore(cutoff: Date, keysBefore: Date): Promise<string[]> {
    const em = this.root.fork();
    const old = (await partitions(em)).filter((p) => nextMonth(p.month) <= cutoff).sort((a, b) => a.month.getTime() - b.month.getTime());
    for (const { name, detaching } of old) {
      // Concurrently: a plain detach would queue for an exclusive lock behind any long query and
      // hold up every insert meanwhile. One interrupted half-way is left pending, and finalized here.
      await em.execute(`alter table analytics_events detach partition "${name}" ${detaching ? 'finalize' : 'concurrently'}`, [], 'run');
      await em.execute(`drop table "${name}"`, [], 'run');
    }
    const lastDropped = old.at(-1);
    if (lastDropped) await forgetRollupsBefore(this.root, nextMonth(lastDropped.month));
    await forgetKeysBefore(em, keysBefore);
    return old.map((p) => monthKey(p.month));
  }

  async ping(): Promise<void> {
    await this.root.fork().execute('select 1');
  }
}
