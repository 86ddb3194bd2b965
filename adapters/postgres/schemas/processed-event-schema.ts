import { EntitySchema } from '@mikro-orm/postgresql';

/** One event applied by one consumer: the consumers' inbox (SPEC §3.7). */
export interface ProcessedEventRow {
  consumer: string;
  eventId: string;
  processedAt: Date;
}

export const ProcessedEventSchema = new EntitySchema<ProcessedEventRow>({
  name: 'ProcessedEventRow',
  tableName: 'processed_events',
  properties: {
    consumer: { type: 'text', primary: true },
    eventId: { type: 'text', primary: true },
    processedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
