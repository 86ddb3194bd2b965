import type { EntityManager } from '@mikro-orm/postgresql';
import type { Outbox, OutboxLag, OutboxRecord, OutboxStore } from '../../application/ports/outbox';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { JsonDocument } from './schemas/json-document';
import { OutboxSchema } from './schemas/outbox-schema';

/** Writes events inside the caller's transaction (the `em` passed in is transactional). */
export class MikroOrmOutbox implements Outbox {
  constructor(private readonly em: EntityManager) {}

  async add(...events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.em.insertMany(
      OutboxSchema,
      events.map((event) => ({
        id: event.id,
        companyId: event.companyId,
        type: event.type,
        version: event.version,
        occurredAt: new Date(event.occurredAt),
        payload: new JsonDocument(event.payload),
        attempts: 0,
        claimedUntil: null,
        publishedAt: null,
      })),
    );
  }
}

// Leases are taken and judged by the database clock (`now()`), so relays on hosts whose
// clocks disagree still agree on when a lease ran out.
// The rows are picked once, in a materialized CTE: as `where id in (select … limit …)` the
// planner may run the subquery again per row updated, and the limit then bounds nothing.
const CLAIM = `with picked as materialized (
    select id from outbox
    where published_at is null and (claimed_until is null or claimed_until < now())
    order by seq
    limit ?
    for update skip locked)
  update outbox o set claimed_until = now() + make_interval(secs => ?)
  from picked where o.id = picked.id
  returning o.id, o.seq, o.company_id, o.type, o.version, o.occurred_at, o.payload, o.attempts`;

interface ClaimedRow {
  id: string;
  seq: string | number;
  company_id: string;
  type: string;
  version: number;
  occurred_at: Date | string;
  payload: unknown;
  attempts: number;
}

// One array parameter rather than one placeholder per id: the relay marks whole batches.
const MARK_PUBLISHED = `update outbox set published_at = ?, claimed_until = null
  where id = any(?::text[]) and published_at is null`;

const RELEASE = `update outbox set claimed_until = null, attempts = attempts + ?
  where id = any(?::text[]) and published_at is null`;

const PRUNE = `delete from outbox where id in (
  select id from outbox where published_at < ? limit ?)`;

const LAG = 'select count(*) as pending, min(occurred_at) as oldest from outbox where published_at is null';

/**
 * The relay's view: each call is one autocommitted statement on a fresh fork, outside
 * business transactions, so no transaction stays open while events are published.
 */
export class MikroOrmOutboxStore implements OutboxStore {
  constructor(private readonly root: EntityManager) {}

  async claim(limit: number, leaseMs: number): Promise<readonly OutboxRecord[]> {
    const rows = await this.root.fork().execute<ClaimedRow[]>(CLAIM, [limit, leaseMs / 1000]);
    // `returning` does not keep the subquery's order. Mapped by hand: this is the relay's hot path.
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({ event: claimedEvent(row), attempts: row.attempts }));
  }

  async markPublished(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.root.fork().execute(MARK_PUBLISHED, [at, pgTextArray(ids)], 'run');
  }

  async release(ids: readonly string[], attempted: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.root.fork().execute(RELEASE, [attempted ? 1 : 0, pgTextArray(ids)], 'run');
  }

  async lag(): Promise<OutboxLag> {
    const [row] = await this.root.fork().execute<{ pending: string | number; oldest: Date | string | null }[]>(LAG);
    return {
      pending: Number(row?.pending ?? 0),
      oldestOccurredAt: row?.oldest ? new Date(row.oldest) : null,
    };
  }

  async prunePublished(before: Date, limit: number): Promise<number> {
    const result = await this.root.fork().execute<{ affectedRows: number }>(PRUNE, [before, limit], 'run');
    return result.affectedRows;
  }
}

const claimedEvent = (row: ClaimedRow): DomainEvent => ({
  id: row.id,
  type: row.type,
  companyId: row.company_id,
  occurredAt: new Date(row.occurred_at).toISOString(),
  version: row.version,
  payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
});

/** A PostgreSQL text[] literal: knex would expand a JS array into one placeholder per element. */
const pgTextArray = (values: readonly string[]): string => `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
