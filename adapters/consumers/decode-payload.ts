// Consumers validate what arrives before it reaches a use case: a payload that does not
// match its schema can never be handled, so it is dead-lettered instead of retried.
import type { z } from 'zod';
import { UndeliverableEvent } from '../../application/ports/message-bus';
import type { DomainEvent } from '../../domain/shared/domain-event';

export function decodePayload<S extends z.ZodType>(schema: S, event: DomainEvent): z.output<S> {
  const parsed = schema.safeParse(event.payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
  throw new UndeliverableEvent(`${event.type} ${event.id} has an invalid payload: ${problems.join('; ')}`);
}
