import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProcessedEventRepository } from '../../application/ports/processed-event-repository';
import { ProcessedEventSchema } from './schemas/processed-event-schema';

/** Claims run on the caller's transactional `em`, so they commit or roll back with the side effect. */
export class MikroOrmProcessedEventRepository implements ProcessedEventRepository {
  constructor(private readonly em: EntityManager) {}

  async claim(consumer: string, eventId: string, at: Date): Promise<boolean> {
    // `on conflict do nothing` waits for a concurrent claim of the pair to commit and then
    // skips it: a redelivery is an answer (no row inserted), never an aborted transaction.
    const result = await this.em
      .createQueryBuilder(ProcessedEventSchema)
      .insert({ consumer, eventId, processedAt: at })
      .onConflict(['consumer', 'eventId'])
      .ignore()
      .execute('run');
    return result.affectedRows === 1;
  }
}
