import type { Actor } from '../../domain/identity/actor';
import { appError, notFound, type AppError } from '../../domain/shared/errors';
import { err, ok, type Result } from '../../domain/shared/result';
import type { BusAdministration } from '../ports/message-bus';
import { requireRole } from '../shared/authorize';

export type ReplayDeadLettersError = AppError<'forbidden' | 'not_found' | 'unavailable'>;

/**
 * Moves a consumer's dead letters back onto its queue for another round of attempts,
 * typically after the fix that makes them handleable has been deployed. Consumers are
 * idempotent, so replaying a letter that was already applied changes nothing.
 */
export class ReplayDeadLetters {
  constructor(private readonly bus: BusAdministration) {}

  async execute(input: { actor: Actor; queue: string }): Promise<Result<{ queue: string; replayed: number }, ReplayDeadLettersError>> {
    const allowed = requireRole(input.actor, 'admin');
    if (!allowed.ok) return allowed;
    let replayed: number | null;
    try {
      replayed = await this.bus.replayDeadLetters(input.queue);
    } catch (error) {
      return err(appError('unavailable', `The message bus did not answer: ${error instanceof Error ? error.message : String(error)}`, { retryAfterSeconds: 5 }));
    }
    return replayed === null ? err(notFound('Consumer queue')) : ok({ queue: input.queue, replayed });
  }
}
