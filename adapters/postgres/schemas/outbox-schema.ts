import { EntitySchema } from '@mikro-orm/postgresql';

export interface OutboxRow {
  id: string;
  seq?: number;
  companyId: string;
  type: string;
  version: number;
  occurredAt: Date;
  payload: unknown;
  attempts: number;
  publishedAt: Date | null;
}

export const OutboxSchema = new EntitySchema<OutboxRow>({
  name: 'OutboxRow',
  tableName: 'outbox',
  indexes: [{ name: 'outbox_pending_idx', properties: ['publishedAt', 'seq'] }],
  properties: {
    id: { type: 'text', primary: true },
    // Total order of writes; the relay publishes in this order.
    seq: { type: 'bigint', columnType: 'bigserial', autoincrement: true, unique: true },
    companyId: { type: 'text' },
    type: { type: 'text' },
    version: { type: 'integer' },
    occurredAt: { type: 'datetime', columnType: 'timestamptz' },
    payload: { type: 'json' },
    attempts: { type: 'integer', default: 0 },
    publishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});
