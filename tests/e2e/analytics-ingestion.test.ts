// SDK ingestion over HTTP (SPEC §3.9, issue 14 line 1): event-by-event refusal, exact dedupe,
// API-key authentication checked before the body, the per-key allowance, and the figures.
import { describe, expect, it } from 'vitest';
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import { TOKENS } from '../../composition/tokens';
import { registerCompany, type Tenant } from '../support/builders';
import type { Call } from '../support/http-client';
import { useTenantApp } from '../support/tenant-app';

const DAY_MS = 86_400_000;
let sequence = 0;
const nextId = (prefix = 'm') => `${prefix}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

const track = (overrides: Record<string, unknown> = {}, at = new Date()) => ({
  messageId: nextId(),
  type: 'track',
  event: 'Product Viewed',
  anonymousId: 'anon-1',
  properties: { product_id: 'p1' },
  timestamp: at.toISOString(),
  ...overrides,
});

const nested = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = { down: value };
  return value;
};

async function newKey(call: Call, tenant: Tenant): Promise<{ id: string; secret: string }> {
  const made = await call('POST', '/api/v1/api-keys', { token: tenant.ownerToken, body: { name: 'sdk' } });
  expect(made.status).toBe(201);
  return { id: made.body.id, secret: made.body.secret };
}

const send = (call: Call, secret: string | undefined, events: unknown[]) =>
  call('POST', '/api/v1/events/batch', { headers: secret === undefined ? {} : { 'x-api-key': secret }, body: { events } });

// Memory, and embedded PGlite: its monthly partitions, dedupe key table and bulk statements.
describe.each(['memory', 'pglite'] as const)('POST /events/batch [%s]', (kind) => {
  const t = useTenantApp({ store: kind });
  const store = () => t.app.app.container.get<AnalyticsEventStore>(TOKENS.AnalyticsStore);
  const stored = async (companyId: string) => {
    await store().drain();
    const now = t.app.clock.now().getTime();
    return store().list(companyId, { from: new Date(now - 400 * DAY_MS), to: new Date(now + 2 * DAY_MS) }, 10_000);
  };

  it('stores a batch for the key\'s company and answers 202 with the counts', async () => {
    const key = await newKey(t.call, t.tenant);
    const events = [
      track({ userId: 'u-1', properties: { product_id: 'p1', price: 12.5, tags: ['a', 'é'] } }),
      { messageId: nextId(), type: 'identify', userId: 'u-1', traits: { plan: 'pro' }, timestamp: new Date().toISOString() },
      { messageId: nextId(), type: 'page', name: 'Home', anonymousId: 'anon-9', timestamp: new Date().toISOString() },
    ];
    const answer = await send(t.call, key.secret, events);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const rows = await stored(t.tenant.companyId);
    const byId = new Map(rows.map((row) => [row.messageId, row]));
    expect(byId.get(events[0]!.messageId as string)).toMatchObject({
      companyId: t.tenant.companyId, type: 'track', event: 'Product Viewed', userId: 'u-1', properties: { product_id: 'p1', price: 12.5, tags: ['a', 'é'] },
    });
    expect(byId.get(events[1]!.messageId as string)).toMatchObject({ type: 'identify', event: null, traits: { plan: 'pro' } });
    expect(byId.get(events[2]!.messageId as string)).toMatchObject({ type: 'page', name: 'Home', anonymousId: 'anon-9', userId: null });
  });

  it('refuses each invalid event with its index and stores the valid ones', async () => {
    const key = await newKey(t.call, t.tenant);
    const now = t.app.clock.now();
    const good = [track(), track()];
    const batch: unknown[] = [
      good[0],
      { ...track(), messageId: undefined }, // 1: no messageId
      track({ messageId: 'x'.repeat(101) }), // 2: messageId too long
      track({ event: undefined }), // 3: track without event
      { messageId: nextId(), type: 'identify', anonymousId: 'a', timestamp: now.toISOString() }, // 4: identify without userId
      track({ anonymousId: undefined }), // 5: no identity
      track({ properties: { note: 'nul\u0000byte' } }), // 6: NUL byte
      track({ properties: { ['lone\ud800']: 1 } }), // 7: lone surrogate in a key
      track({ properties: { blob: 'x'.repeat(33 * 1024) } }), // 8: over 32 KiB
      track({}, new Date(now.getTime() + 25 * 60 * 60 * 1000)), // 9: 25 h ahead
      track({}, new Date(now.getTime() - 401 * DAY_MS)), // 10: before the retention window
      'not an event', // 11
      track({ companyId: 'someone-else' }), // 12: unknown field
      track({ timestamp: 'yesterday' }), // 13
      track({ properties: { deep: nested(40) } }), // 14: nested deeper than 32
      good[1],
    ];
    const answer = await send(t.call, key.secret, batch);
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toBe(2);
    expect(answer.body.duplicates).toBe(0);
    const codes = Object.fromEntries(answer.body.rejected.map((r: { index: number; error: { code: string; message: string } }) => [r.index, r.error.code]));
    expect(codes).toEqual({
      1: 'invalid_event', 2: 'invalid_event', 3: 'invalid_event', 4: 'invalid_event', 5: 'invalid_event', 6: 'invalid_event', 7: 'invalid_event',
      8: 'event_too_large', 9: 'timestamp_out_of_range', 10: 'timestamp_out_of_range', 11: 'invalid_event', 12: 'invalid_event', 13: 'invalid_event',
      14: 'invalid_event',
    });
    for (const r of answer.body.rejected) expect(r.error.message.length).toBeGreaterThan(0);
    const ids = (await stored(t.tenant.companyId)).map((row) => row.messageId);
    expect(ids).toEqual(expect.arrayContaining(good.map((e) => e.messageId)));
    expect(ids).not.toContain((batch[12] as { messageId: string }).messageId);
  });

  it('refuses a batch over 1000 events (400), over 5 MiB (413), empty or malformed (400), storing nothing', async () => {
    const key = await newKey(t.call, t.tenant);
    const before = await store().count(t.tenant.companyId);
    const tooMany = Array.from({ length: 1001 }, () => track());
    expect((await send(t.call, key.secret, tooMany)).status).toBe(400);
    const huge = Array.from({ length: 200 }, () => track({ properties: { blob: 'y'.repeat(30 * 1024) } }));
    const tooLarge = await send(t.call, key.secret, huge);
    expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'payload_too_large']);
    expect((await send(t.call, key.secret, [])).status).toBe(400);
    const malformed = await t.call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': key.secret, 'content-type': 'application/json' }, rawBody: '{"events": [' });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'malformed_json']);
    const notEvents = await t.call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': key.secret }, body: { events: [track()], company: 'x' } });
    expect(notEvents.status).toBe(400);
    expect(await store().count(t.tenant.companyId)).toBe(before);
  });

  it('answers 401 to a missing, unknown or revoked key (at once), before reading the body', async () => {
    const key = await newKey(t.call, t.tenant);
    expect((await send(t.call, key.secret, [track()])).status).toBe(202);
    for (const secret of [undefined, '', 'cgk_unknown', key.secret.slice(0, -1)]) {
      const answer = await send(t.call, secret, [track()]);
      expect([answer.status, answer.body.error.code], String(secret)).toEqual([401, 'unauthenticated']);
    }
    expect((await t.call('DELETE', `/api/v1/api-keys/${key.id}`, { token: t.tenant.ownerToken })).status).toBe(204);
    const revoked = await send(t.call, key.secret, [track()]);
    expect([revoked.status, revoked.body.error.code]).toEqual([401, 'unauthenticated']);
    // An oversized body from a stranger is refused for its key, not read.
    const stranger = await t.call('POST', '/api/v1/events/batch', { headers: { 'x-api-key': 'cgk_nobody' }, rawBody: 'x'.repeat(6 * 1024 * 1024) });
    expect(stranger.status).toBe(401);
  });

  it('dedupes by messageId per company: in a batch, across batches (8 days later too), and between companies not at all', async () => {
    const key = await newKey(t.call, t.tenant);
    const other = await registerCompany(t.call, 'Other');
    const otherKey = await newKey(t.call, other);
    const a = track();
    const b = track();
    expect((await send(t.call, key.secret, [a, b, a, { ...a, event: 'Changed' }])).body).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    expect((await send(t.call, key.secret, [a, track()])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    t.app.clock.advance(8 * DAY_MS);
    try {
      expect((await send(t.call, key.secret, [{ ...b, timestamp: t.app.clock.now().toISOString() }])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    } finally {
      t.app.clock.advance(-8 * DAY_MS);
    }
    expect((await send(t.call, otherKey.secret, [a])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const mine = (await stored(t.tenant.companyId)).filter((row) => row.messageId === a.messageId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.event).toBe('Product Viewed');
  });

  it('stores each messageId once when overlapping batches arrive together', async () => {
    const key = await newKey(t.call, t.tenant);
    const ids = Array.from({ length: 300 }, () => nextId('c'));
    const batches = Array.from({ length: 6 }, (_, i) => ids.slice(i * 30, i * 30 + 150).map((messageId) => track({ messageId })));
    const answers = await Promise.all(batches.map((batch) => send(t.call, key.secret, batch)));
    const distinct = new Set(batches.flat().map((e) => e.messageId)).size;
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.reduce((sum, a) => sum + a.body.accepted, 0)).toBe(distinct);
    expect(answers.reduce((sum, a) => sum + a.body.accepted + a.body.duplicates, 0)).toBe(batches.flat().length);
    const rows = (await stored(t.tenant.companyId)).filter((row) => row.messageId.startsWith('c-'));
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(rows.length);
  });

  it('emits AnalyticsEventsIngested per batch, with counts and no event', async () => {
    const key = await newKey(t.call, t.tenant);
    const e = track();
    await send(t.call, key.secret, [e, e, { nope: true }]);
    await t.app.settle();
    const mine = t.app.delivered.filter((d) => d.type === 'AnalyticsEventsIngested' && (d.payload as { keyId: string }).keyId === key.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ companyId: t.tenant.companyId, payload: { keyId: key.id, accepted: 1, duplicates: 1, rejected: 1 } });
    expect(JSON.stringify(mine[0])).not.toContain(e.messageId);
  });

  it('reports the last minute and the lag in /admin/system, and counters in /metrics', async () => {
    const key = await newKey(t.call, t.tenant);
    const before = (await t.call('GET', '/api/v1/admin/system', { token: t.tenant.ownerToken })).body.analytics;
    await send(t.call, key.secret, [track(), track(), 'bad']);
    const after = (await t.call('GET', '/api/v1/admin/system', { token: t.tenant.ownerToken })).body.analytics;
    expect(after).toMatchObject({ store: kind, lagSeconds: 0 });
    expect(after.acceptedLastMinute - before.acceptedLastMinute).toBe(2);
    expect(after.rejectedLastMinute - before.rejectedLastMinute).toBe(1);
    const metrics = await t.call('GET', '/metrics');
    expect(metrics.body).toMatch(/analytics_events_total\{outcome="accepted"\} \d+/);
    expect(metrics.body).toMatch(/analytics_ingest_lag_seconds 0/);
  });
});

describe('POST /events/batch: the per-key allowance', () => {
  const t = useTenantApp({ env: { INGEST_MAX_EVENTS_PER_SECOND: '100' } });

  it('answers 429 with Retry-After past 10 s × the rate, for that key only, storing nothing', async () => {
    const key = await newKey(t.call, t.tenant);
    const spare = await newKey(t.call, t.tenant);
    const full = Array.from({ length: 1000 }, () => track());
    expect((await send(t.call, key.secret, full)).body.accepted).toBe(1000);
    const refused = await send(t.call, key.secret, [track()]);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send(t.call, spare.secret, [track()])).status).toBe(202);
    expect(await t.app.app.container.get<AnalyticsEventStore>(TOKENS.AnalyticsStore).count(t.tenant.companyId)).toBe(1001);
  });
});
