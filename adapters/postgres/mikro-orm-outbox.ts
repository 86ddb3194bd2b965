import type { EntityManager } from '@mikro-orm/postgresql';
import type { Outbox, OutboxRecord, OutboxStore } from '../../application/ports/outbox';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { OutboxSchema, type OutboxRow } from './schemas/outbox-schema';

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
        payload: event.payload,
        attempts: 0,
        publishedAt: null,
      })),
    );
  }
}

/** The relay's view: each call runs on a fresh fork, outside business transactions. */
export class MikroOrmOutboxStore implements OutboxStore {
  constructor(private readonly root: EntityManager) {}

  async pending(limit: number): Promise<readonly OutboxRecord[]> {
    const rows = await this.root.fork().find(OutboxSchema, { publishedAt: null }, { orderBy: { seq: 'asc' }, limit });
    return rows.map((row) => ({ event: toEvent(row), attempts: row.attempts }));
  }

  async markPublished(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.root.fork().nativeUpdate(OutboxSchema, { id: { $in: [...ids] }, publishedAt: null }, { publishedAt: at });
  }

  async markFailed(id: string): Promise<void> {
    await this.root.fork().execute('update outbox set attempts = attempts + 1 where id = ?', [id]);
  }

  async lag(): Promise<{ pending: number; oldestOccurredAt: Date | null }> {
    const [row] = await this.root
      .fork()
      .execute<{ pending: string | number; oldest: Date | string | null }[]>(
        'select count(*) as pending, min(occurred_at) as oldest from outbox where published_at is null',
      );
    return {
      pending: Number(row?.pending ?? 0),
      oldestOccurredAt: row?.oldest ? new Date(row.oldest) : null,
    };
  }
}

const toEvent = (row: OutboxRow): DomainEvent => ({
  id: row.id,
  type: row.type,
  companyId: row.companyId,
  occurredAt: row.occurredAt.toISOString(),
  version: row.version,
  payload: row.payload,
});
