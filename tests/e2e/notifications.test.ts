// Notifications end to end on the embedded stack (SPEC §3.8): a price change through the API
// reaches the watcher's inbox, mailbox and open socket once; a socket opened later with
// `since` gets what it missed; preferences turn channels off; each user sees only their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { eventually } from '../support/eventually';
import { httpClient, type Call } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const INBOX = '/api/v1/users/me/notifications';
const PREFERENCES = '/api/v1/users/me/notification-preferences';

/** A socket that authenticates and keeps every message it gets. */
async function openSocket(baseUrl: string, token: string, since?: string): Promise<{ messages: Record<string, unknown>[]; close(): void }> {
  const url = `${baseUrl.replace('http', 'ws')}/ws${since ? `?since=${encodeURIComponent(since)}` : ''}`;
  const socket = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  await eventually(async () => messages.length, (n) => n >= 1, 'ready');
  expect(messages[0]).toEqual({ type: 'ready' });
  return { messages, close: () => socket.close() };
}

for (const store of ['memory', 'pglite'] as const) {
  describe(`notifications over HTTP and /ws [${store}]`, () => {
    let app: TestApp;
    let call: Call;
    let staff: Member;
    let alice: Member;
    let bob: Member;
    let tenant: Tenant;

    beforeAll(async () => {
      app = await startTestApp({ store });
      call = httpClient(app.baseUrl);
      tenant = await registerCompany(call);
      staff = await addMember(call, tenant, 'staff');
      alice = await addMember(call, tenant, 'customer');
      bob = await addMember(call, tenant, 'customer');
    });
    afterAll(() => app.close());

    let n = 0;
    const product = async () => (await call('POST', '/api/v1/products', { token: staff.token, body: { sku: `N-${++n}`, name: `Boot ${n}`, price: eur(12900), stock: 3 } })).body;
    const inboxOf = async (member: Member, query = '') => (await call('GET', `${INBOX}${query}`, { token: member.token })).body;

    it('tells the watcher of a price drop once, in the inbox, by email and on an open socket', async () => {
      const boot = await product();
      expect((await call('POST', '/api/v1/users/me/watchlist', { token: alice.token, body: { productId: boot.id, targetPrice: eur(10000) } })).status).toBe(201);
      const socket = await openSocket(app.baseUrl, alice.token);
      const bobSocket = await openSocket(app.baseUrl, bob.token);
      expect((await call('PUT', `/api/v1/products/${boot.id}/price`, { token: staff.token, body: { price: eur(9900) } })).status).toBe(200);

      const inbox = await eventually(() => inboxOf(alice), (body) => body.items.length === 1, 'the inbox holds the price drop');
      expect(inbox.unreadCount).toBe(1);
      expect(inbox.items[0]).toMatchObject({ trigger: 'price_drop', data: { productId: boot.id }, readAt: null });
      await eventually(async () => socket.messages.length, (count) => count >= 2, 'the socket got it');
      expect(socket.messages.slice(1)).toEqual([{ type: 'notification', notification: inbox.items[0] }]);
      await eventually(async () => app.mailer.sentTo(alice.email).length, (count) => count === 1, 'one email');
      expect(app.mailer.sentTo(alice.email)[0]!.subject).toBe(inbox.items[0].title);
      expect(bobSocket.messages).toEqual([{ type: 'ready' }]);
      expect((await inboxOf(bob)).items).toEqual([]);
      const system = await call('GET', '/api/v1/admin/system', { token: tenant.ownerToken });
      expect(system.body.realtime).toEqual({ sockets: 2, users: 2 });
      socket.close();
      bobSocket.close();

      // A socket reconnecting with `since` before it gets what it missed after `ready`.
      const later = await openSocket(app.baseUrl, alice.token, new Date(Date.parse(inbox.items[0].createdAt) - 1).toISOString());
      await eventually(async () => later.messages.length, (count) => count >= 2, 'the missed notification');
      expect(later.messages[1]).toEqual({ type: 'notification', notification: inbox.items[0] });
      later.close();
    });

    it('marks one read (another user\'s is not found), then all', async () => {
      const { items } = await inboxOf(alice);
      expect((await call('POST', `${INBOX}/${items[0].id}/read`, { token: bob.token })).status).toBe(404);
      expect((await call('POST', `${INBOX}/${items[0].id}/read`, { token: alice.token })).status).toBe(204);
      expect((await inboxOf(alice, '?unread=true')).items).toEqual([]);
      expect((await call('POST', `${INBOX}/read-all`, { token: alice.token })).status).toBe(204);
      expect((await inboxOf(alice)).unreadCount).toBe(0);
    });

    it('lists every (trigger, channel) pair, changes the pairs given, and sends nothing on a pair turned off', async () => {
      const before = await call('GET', PREFERENCES, { token: bob.token });
      expect(before.body.preferences).toHaveLength(15);
      expect(before.body.preferences.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
      const put = await call('PUT', PREFERENCES, { token: bob.token, body: { preferences: [{ trigger: 'back_in_stock', channel: 'email', enabled: false }] } });
      expect(put.status).toBe(200);
      expect(put.body.preferences.filter((p: { enabled: boolean }) => !p.enabled)).toEqual([{ trigger: 'back_in_stock', channel: 'email', enabled: false }]);
      expect((await call('PUT', PREFERENCES, { token: bob.token, body: { preferences: [{ trigger: 'nope', channel: 'email', enabled: false }] } })).status).toBe(400);

      const lamp = (await call('POST', '/api/v1/products', { token: staff.token, body: { sku: `N-${++n}`, name: 'Lamp', price: eur(5000), stock: 0 } })).body;
      await call('POST', '/api/v1/users/me/watchlist', { token: bob.token, body: { productId: lamp.id } });
      expect((await call('PATCH', `/api/v1/products/${lamp.id}`, { token: staff.token, body: { stock: 4 } })).status).toBe(200);
      const inbox = await eventually(() => inboxOf(bob), (body) => body.items.length === 1, 'back in stock in the inbox');
      expect(inbox.items[0]).toMatchObject({ trigger: 'back_in_stock', data: { productId: lamp.id } });
      await app.settle();
      expect(app.mailer.sentTo(bob.email).filter((m) => m.subject.startsWith('Back in stock'))).toEqual([]);
    });
  });
}
