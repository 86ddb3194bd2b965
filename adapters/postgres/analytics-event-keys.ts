// The analytics dedupe keys (SPEC §3.9): one row per (company, messageId) in a table of its own,
// since a unique index on the time-partitioned events table would have to include the timestamp.
import type { EntityManager } from '@mikro-orm/postgresql';

// Keys are taken in the order given (`with ordinality`): every writer sorts its ids alike, so two
// batches with overlapping ids wait on each other in the same order and never deadlock (40P01).
// The ids travel as one JSON text: a JS array would become one placeholder per id.
const CLAIM = `insert into analytics_event_keys (company_id, message_id, received_at)
  select ?, id, ? from jsonb_array_elements_text(?::jsonb) with ordinality as given(id, position)
  order by position
  on conflict do nothing
  returning message_id`;

// A sequential scan once per retention run rather than an index on received_at that every
// ingested event would pay for.
const FORGET = 'delete from analytics_event_keys where received_at < ?';

/**
 * Claims the company's messageIds not claimed yet, in the caller's transaction (`em` bound to it),
 * and resolves with those. `messageIds` are distinct and sorted (`firstOfEachMessageId`). An id
 * a concurrent transaction claimed first waits for it, then counts as claimed by it.
 */
export async function claimNewMessageIds(em: EntityManager, companyId: string, messageIds: readonly string[], receivedAt: Date): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await em.execute<{ message_id: string }[]>(CLAIM, [companyId, receivedAt, JSON.stringify(messageIds)]);
  return new Set(rows.map((row) => row.message_id));
}

/** Forgets every key received before `before`: their messageIds are accepted again afterwards. */
export async function forgetKeysBefore(em: EntityManager, before: Date): Promise<void> {
  await em.execute(FORGET, [before], 'run');
}
