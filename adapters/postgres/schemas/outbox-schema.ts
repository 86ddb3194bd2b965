import { EntitySchema } from '@mikro-orm/postgresql';
import { JsonDocumentType } from './json-document';

export interface OutboxRow {
  id: string;
  seq?: number;
  companyId: string;
  type: string;
  version: number;
  occurredAt: Date;
  payload: unknown;
  attempts: number;
  /** End of the relay lease that holds the row; null when none does. Set by the database clock. */
  claimedUntil: Date | null;
  publishedAt: Date | null;
}

export const OutboxSchema = new EntitySchema<OutboxRow>({
  name: 'OutboxRow',
  tableName: 'outbox',
  indexes: [
    // Partial: published rows pile up until pruned, and claims must not wade through them.
    {
      name: 'outbox_unpublished_seq_idx',
      expression: `create index "outbox_unpublished_seq_idx" on "outbox" ("seq") where "published_at" is null`,
    },
  ],
  properties: {
    id: { type: 'text', primary: true },
    // Total order of writes; the relay publishes in this order.
    seq: { type: 'bigint', columnType: 'bigserial', autoincrement: true, unique: true },
    companyId: { type: 'text' },
    type: { type: 'text' },
    version: { type: 'integer' },
    occurredAt: { type: 'datetime', columnType: 'timestamptz' },
    payload: { type: JsonDocumentType },
    attempts: { type: 'integer', default: 0 },
    claimedUntil: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    publishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});
