// The wire format of SPEC §3.7 on RabbitMQ: the DomainEvent envelope as a JSON body, with
// the routing facts repeated in AMQP properties so tools can read them without parsing.
import type { Options } from 'amqplib';
import { z } from 'zod';
import type { DomainEvent } from '../../domain/shared/domain-event';

/** Header carrying the attempt number of a retried delivery; absent means 1. */
export const ATTEMPT_HEADER = 'x-attempt';
/** Header set on a dead letter: why its last attempt failed. */
export const ERROR_HEADER = 'x-error';

const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  companyId: z.string().min(1),
  occurredAt: z.string().min(1),
  version: z.number().int().min(1),
  payload: z.unknown(),
});

export function encodeEvent(event: DomainEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}

export function publishOptions(event: DomainEvent): Options.Publish {
  const occurredMs = Date.parse(event.occurredAt);
  return {
    persistent: true,
    messageId: event.id,
    type: event.type,
    contentType: 'application/json',
    // AMQP timestamps are whole seconds.
    timestamp: Math.floor((Number.isNaN(occurredMs) ? Date.now() : occurredMs) / 1000),
    headers: { companyId: event.companyId },
  };
}

export type Decoded = { readonly ok: true; readonly event: DomainEvent } | { readonly ok: false; readonly reason: string };

/** Parses and validates a message body; a failure is a reason, never a throw. */
export function decodeEvent(content: Buffer): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `not a domain event envelope: ${parsed.error.message}` };
  return { ok: true, event: { ...parsed.data, payload: parsed.data.payload } };
}

/** The attempt a delivery stands for, from the header this bus sets on retries. */
export function attemptOf(headers: Record<string, unknown> | undefined): number {
  const value = headers?.[ATTEMPT_HEADER];
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
}
