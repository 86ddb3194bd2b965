// Operator endpoints of SPEC §3.7: messaging status and dead-letter replay (admin+).
import { z } from 'zod';
import type { GetSystemStatus } from '../../../application/system/get-system-status';
import type { ReplayDeadLetters } from '../../../application/system/replay-dead-letters';
import { answer, route, type RouteSpec } from '../route';

export interface AdminSystemUseCases {
  readonly getSystemStatus: GetSystemStatus;
  readonly replayDeadLetters: ReplayDeadLetters;
}

const SystemStatusOut = z.object({
  outbox: z.object({ pending: z.number().int(), oldestPendingSeconds: z.number() }),
  queues: z.array(z.object({ name: z.string(), messages: z.number().int(), consumers: z.number().int() })),
  deadLetters: z.object({ total: z.number().int(), byQueue: z.record(z.string(), z.number().int()) }),
  consumers: z.array(z.object({ name: z.string(), eventTypes: z.array(z.string()), status: z.enum(['running', 'stopped']) })),
  bus: z.object({ reachable: z.boolean(), error: z.string().optional() }),
  analytics: z.object({
    store: z.enum(['memory', 'postgresql', 'pglite', 'clickhouse']),
    acceptedLastMinute: z.number().int().meta({ description: 'SDK events stored by this process in the last 60 s' }),
    duplicatesLastMinute: z.number().int(),
    rejectedLastMinute: z.number().int(),
    lagSeconds: z.number().nullable().meta({ description: 'Age of the oldest acknowledged event not yet queryable (0 when written synchronously; null when the store does not answer)' }),
  }),
  realtime: z.object({
    sockets: z.number().int().meta({ description: 'Authenticated WebSockets on the process that answered' }),
    users: z.number().int().meta({ description: 'Distinct users with at least one of them' }),
  }),
});

const QueueParams = z.strictObject({ queue: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,99}$/, 'a consumer queue name') });

export function adminSystemRoutes(uc: AdminSystemUseCases): RouteSpec[] {
  const tag = 'System';
  return [
    route({
      method: 'get', path: '/admin/system', operationId: 'getSystemStatus', tag, auth: 'user', summary: 'Outbox lag, queue depths, dead letters, consumers, analytics ingestion and live sockets (admin+)',
      errors: [403],
      responses: { 200: { description: 'Messaging status', schema: SystemStatusOut } },
      handle: async ({ actor }) => answer(await uc.getSystemStatus.execute(actor), 200),
    }),
    route({
      method: 'post', path: '/admin/dead-letters/:queue/replay', operationId: 'replayDeadLetters', tag, auth: 'user',
      summary: 'Move a consumer queue\'s dead letters back for another try (admin+)',
      params: QueueParams,
      errors: [403, 503],
      responses: {
        200: { description: 'How many moved', schema: z.object({ queue: z.string(), replayed: z.number().int() }) },
      },
      handle: async ({ actor, params }) => answer(await uc.replayDeadLetters.execute({ actor, queue: params.queue }), 200),
    }),
  ];
}
