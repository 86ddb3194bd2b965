// SPEC §3.8, the `/ws` transport on a real HTTP server with real `ws` clients: first-message auth,
// the close codes, the bounds (payload, sockets per user, slow readers, heartbeat), catch-up on
// reconnect, and that a socket hears only its own (company, user).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RealtimeMessage } from '../../adapters/ws/realtime-message';
import {
  attachRealtimeSockets,
  parseSince,
  type RealtimeLimits,
  type RealtimeSince,
  type RealtimeSockets,
  type RealtimeUser,
} from '../../adapters/ws/realtime-sockets';

type Json = Record<string, unknown>;

/** A `ws` client that records what it hears; waits are on events, bounded by the test timeout. */
class TestClient {
  readonly messages: Json[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private ended = false;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as Json);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.ended = true;
        this.wake();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The first `count` messages, once they are here; throws if the socket closes first. */
  async received(count: number): Promise<Json[]> {
    while (this.messages.length < count) {
      if (this.ended) throw new Error(`closed after ${this.messages.length} of ${count} messages: ${JSON.stringify(this.messages.slice(-3))}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.messages.slice(0, count);
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

interface Grant extends RealtimeUser {
  readonly expiresAt: Date;
}

/** An HTTP server with the sockets attached, a token table for `authenticate` and an inbox for `missed`. */
class Harness {
  readonly grants = new Map<string, Grant>();
  readonly inbox = new Map<string, { readonly message: RealtimeMessage; readonly at: Date }[]>();
  /** Set by a test to hold `missed` until it says so. */
  missedGate: Promise<void> | undefined;
  missedCalled: () => void = () => undefined;
  readonly clients: TestClient[] = [];
  private tokens = 0;

  readonly server: Server = createServer((_request, response) => response.end('plain http'));
  readonly sockets: RealtimeSockets;

  private constructor(limits: Partial<RealtimeLimits>) {
    this.sockets = attachRealtimeSockets(this.server, {
      authenticate: async (token) => {
        const grant = this.grants.get(token);
        return grant ? { ok: true, ...grant } : { ok: false };
      },
      missed: async (user, since) => {
        this.missedCalled();
        if (this.missedGate) await this.missedGate;
        return entriesAfter(this.inbox.get(key(user)) ?? [], since).map((entry) => entry.message);
      },
      limits,
      logger: pino({ level: 'silent' }),
    });
  }

  static async start(limits: Partial<RealtimeLimits> = {}): Promise<Harness> {
    const harness = new Harness(limits);
    await new Promise<void>((resolve) => harness.server.listen(0, '127.0.0.1', resolve));
    return harness;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  token(user: RealtimeUser, validForMs = 60_000): string {
    const token = `token-${++this.tokens}`;
    this.grants.set(token, { ...user, expiresAt: new Date(Date.now() + validForMs) });
    return token;
  }

  record(user: RealtimeUser, message: RealtimeMessage, at: Date): void {
    const entries = this.inbox.get(key(user)) ?? [];
    entries.push({ message, at });
    this.inbox.set(key(user), entries);
  }

  connect(path = '/ws', options: ConstructorParameters<typeof WebSocket>[2] = {}): TestClient {
    const client = new TestClient(new WebSocket(`ws://127.0.0.1:${this.port}${path}`, options));
    this.clients.push(client);
    return client;
  }

  /** A socket past `ready`. */
  async authed(user: RealtimeUser, path = '/ws'): Promise<TestClient> {
    const client = this.connect(path);
    await client.opened;
    client.send({ type: 'auth', token: this.token(user) });
    expect(await client.received(1)).toEqual([{ type: 'ready' }]);
    return client;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.ws.terminate();
    await this.sockets.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const key = (user: RealtimeUser) => JSON.stringify([user.companyId, user.userId]);

function entriesAfter<T extends { message: RealtimeMessage; at: Date }>(entries: readonly T[], since: RealtimeSince): T[] {
  if ('at' in since) return entries.filter((entry) => entry.at.getTime() > since.at.getTime());
  const index = entries.findIndex((entry) => entry.message.type === 'notification' && entry.message.notification.id === since.id);
  return entries.slice(index + 1);
}

const notification = (id: string, body = ''): RealtimeMessage => ({ type: 'notification', notification: { id, trigger: 'campaign', title: id, body } });
const progress = (reportId: string, value: number): RealtimeMessage => ({ type: 'report.progress', reportId, status: 'running', progress: value });

const alice: RealtimeUser = { companyId: 'acme', userId: 'alice' };
const bob: RealtimeUser = { companyId: 'acme', userId: 'bob' };

let harness: Harness | undefined;
const start = async (limits: Partial<RealtimeLimits> = {}) => (harness = await Harness.start(limits));

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('realtime sockets: authentication', () => {
  it('answers a valid auth with ready, then pong to ping; counts the socket', async () => {
    const h = await start();
    const client = await h.authed(alice);
    expect(h.sockets.stats()).toEqual({ sockets: 1, users: 1 });
    client.send({ type: 'ping' });
    client.send('not json, ignored');
    client.send({ type: 'ping' });
    expect(await client.received(3)).toEqual([{ type: 'ready' }, { type: 'pong' }, { type: 'pong' }]);
  });

  it('closes with 4401 on a bad token, a first message that is not auth, or a binary one', async () => {
    const h = await start();
    const firstMessages: (string | Buffer)[] = [
      JSON.stringify({ type: 'auth', token: 'nobody' }),
      JSON.stringify({ type: 'ping' }),
      JSON.stringify({ type: 'auth', token: h.token(alice), since: 'no spaces allowed' }),
      'garbage',
      Buffer.from(JSON.stringify({ type: 'auth', token: h.token(alice) })),
    ];
    for (const first of firstMessages) {
      const client = h.connect();
      await client.opened;
      client.ws.send(first);
      expect((await client.closed).code, String(first)).toBe(4401);
      expect(client.messages).toEqual([]);
    }
    expect(h.sockets.stats()).toEqual({ sockets: 0, users: 0 });
  });

  it('closes with 4401 a token that has already expired', async () => {
    const h = await start();
    const client = h.connect();
    await client.opened;
    client.send({ type: 'auth', token: h.token(alice, -1) });
    expect((await client.closed).code).toBe(4401);
  });

  it('closes with 4408 a socket that never authenticates', async () => {
    const h = await start({ authTimeoutMs: 100 });
    const client = h.connect();
    await client.opened;
    expect((await client.closed).code).toBe(4408);
  });

  it('closes with 4401 when the token expires after auth', async () => {
    const h = await start();
    const client = h.connect();
    await client.opened;
    client.send({ type: 'auth', token: h.token(alice, 300) });
    expect(await client.received(1)).toEqual([{ type: 'ready' }]);
    expect((await client.closed).code).toBe(4401);
    expect(h.sockets.deliver(alice, progress('r', 1))).toBe(0);
  });
});

describe('realtime sockets: bounds', () => {
  it('closes with 1009 a message over maxPayload', async () => {
    const h = await start({ maxPayloadBytes: 256 });
    const client = await h.authed(alice);
    client.send({ type: 'ping', padding: 'x'.repeat(300) });
    expect((await client.closed).code).toBe(1009);
  });

  it('refuses with 4429 a socket past the per-user cap; the others keep working', async () => {
    const h = await start({ maxSocketsPerUser: 2 });
    const first = await h.authed(alice);
    const second = await h.authed(alice);
    const sameNameElsewhere = await h.authed({ companyId: 'globex', userId: 'alice' });
    const third = h.connect();
    await third.opened;
    third.send({ type: 'auth', token: h.token(alice) });
    expect((await third.closed).code).toBe(4429);

    expect(h.sockets.deliver(alice, progress('r1', 50))).toBe(2);
    for (const client of [first, second]) expect((await client.received(2))[1]).toEqual(progress('r1', 50));
    expect(sameNameElsewhere.messages).toEqual([{ type: 'ready' }]);
    expect(h.sockets.stats()).toEqual({ sockets: 3, users: 2 });
  });

  it('cuts a reader that stops reading once its unsent bytes pass the bound, while another keeps receiving', async () => {
    const h = await start({ maxBufferedBytes: 64 * 1024, maxSocketsPerUser: 2 });
    const slow = await h.authed(alice);
    const fast = await h.authed(alice);
    slow.ws.pause();

    const body = 'x'.repeat(32 * 1024);
    let delivered = 0;
    // The kernel's socket buffers take some megabytes first; the bound applies to what is left over.
    while (h.sockets.stats().sockets === 2) {
      if (delivered > 20_000) throw new Error('the slow reader was never cut');
      h.sockets.deliver(alice, notification(`n${delivered}`, body));
      delivered += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }

    const heard = await fast.received(1 + delivered);
    expect(heard.slice(1).map((message) => (message.notification as Json).id)).toEqual(Array.from({ length: delivered }, (_, i) => `n${i}`));
    expect(h.sockets.deliver(alice, progress('after', 1))).toBe(1);
    expect((await fast.received(2 + delivered)).at(-1)).toEqual(progress('after', 1));

    slow.ws.resume();
    expect((await slow.closed).code).toBe(1006);
  });

  it('cuts a socket that stops answering the heartbeat', async () => {
    const h = await start({ heartbeatMs: 50 });
    const silent = h.connect('/ws', { autoPong: false });
    await silent.opened;
    silent.send({ type: 'auth', token: h.token(alice) });
    expect(await silent.received(1)).toEqual([{ type: 'ready' }]);
    expect((await silent.closed).code).toBe(1006);
  });

  it('closes every socket with 1001 on close()', async () => {
    const h = await start();
    const clients = [await h.authed(alice), await h.authed(bob), h.connect()];
    await clients[2]?.opened;
    await h.sockets.close();
    for (const client of clients) expect((await client.closed).code).toBe(1001);
    expect(h.sockets.stats()).toEqual({ sockets: 0, users: 0 });
  });

  it('answers 404 to an upgrade on another path and 400 to a malformed since; plain HTTP still works', async () => {
    const h = await start();
    await expect(h.connect('/elsewhere').opened).rejects.toThrow(/404/);
    await expect(h.connect('/ws?since=2024-13-45').opened).rejects.toThrow(/400/);
    const response = await fetch(`http://127.0.0.1:${h.port}/ws`);
    expect(await response.text()).toBe('plain http');
  });
});

describe('realtime sockets: catch-up on reconnect', () => {
  const t = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second));
  const seed = (h: Harness) => {
    for (let i = 1; i <= 4; i++) h.record(alice, notification(`n${i}`), t(i));
    h.record(bob, notification('bob-1'), t(3));
  };

  it('sends what was missed after ?since=<id>, in order, after ready', async () => {
    const h = await start();
    seed(h);
    const client = await h.authed(alice, '/ws?since=n2');
    expect((await client.received(3)).slice(1)).toEqual([notification('n3'), notification('n4')]);
  });

  it('sends what was missed after a time given in the auth message, which wins over the URL', async () => {
    const h = await start();
    seed(h);
    const client = h.connect('/ws?since=n3');
    await client.opened;
    client.send({ type: 'auth', token: h.token(alice), since: t(1).toISOString() });
    expect(await client.received(4)).toEqual([{ type: 'ready' }, notification('n2'), notification('n3'), notification('n4')]);
  });

  it('keeps live messages that arrive during the catch-up behind it, without repeating one already in it', async () => {
    const h = await start();
    seed(h);
    let release: () => void = () => undefined;
    h.missedGate = new Promise((resolve) => (release = resolve));
    const called = new Promise<void>((resolve) => (h.missedCalled = resolve));
    const client = h.connect('/ws?since=n3');
    await client.opened;
    client.send({ type: 'auth', token: h.token(alice) });
    await called;

    expect(h.sockets.deliver(alice, notification('n5'))).toBe(1);
    h.record(alice, notification('n5'), t(5));
    expect(h.sockets.deliver(alice, progress('r', 10))).toBe(1);
    release();

    expect(await client.received(4)).toEqual([{ type: 'ready' }, notification('n4'), notification('n5'), progress('r', 10)]);
    client.send({ type: 'ping' });
    expect((await client.received(5))[4]).toEqual({ type: 'pong' });
  });

  it('on resync, writes each socket what its user\'s inbox holds after where it was when the gap began, once', async () => {
    const h = await start();
    seed(h);
    const client = await h.authed(alice, '/ws?since=n3');
    expect((await client.received(2)).slice(1)).toEqual([notification('n4')]);
    h.sockets.markGap();
    // Published while this server's subscription was cut: in the inbox, never delivered live.
    h.record(alice, notification('n5'), t(5));
    h.record(alice, notification('n6'), t(6));
    // Delivered live once the subscription is back, before the resync read the inbox.
    h.record(alice, notification('n7'), t(7));
    expect(h.sockets.deliver(alice, notification('n7'))).toBe(1);
    expect((await client.received(3))[2]).toEqual(notification('n7'));
    h.sockets.resync();
    // From n4, where the gap began: n5 and n6, and n7 not again.
    expect((await client.received(5)).slice(3)).toEqual([notification('n5'), notification('n6')]);
    client.send({ type: 'ping' });
    expect((await client.received(6))[5]).toEqual({ type: 'pong' });
  });

  it('on resync, a socket that got nothing yet is written what arrived since it was admitted, and nothing twice', async () => {
    const h = await start();
    const client = await h.authed(alice);
    h.record(alice, notification('n1'), new Date(Date.now() + 1000));
    h.record(alice, notification('n2'), new Date(Date.now() + 2000));
    expect(h.sockets.deliver(alice, notification('n1'))).toBe(1);
    expect((await client.received(2))[1]).toEqual(notification('n1'));
    h.sockets.resync();
    expect((await client.received(3))[2]).toEqual(notification('n2'));
    h.sockets.resync();
    client.send({ type: 'ping' });
    expect((await client.received(4))[3]).toEqual({ type: 'pong' });
  });

  it('reads since as a notification id or a whole ISO time with its offset', () => {
    expect(parseSince('0190a3b2-7c1d-7000-8000-000000000001')).toEqual({ id: '0190a3b2-7c1d-7000-8000-000000000001' });
    expect(parseSince('2025-01-01T00:00:01.000Z')).toEqual({ at: t(1) });
    expect(parseSince('2025-01-01T01:00:01+01:00')).toEqual({ at: t(1) });
    for (const bad of ['2025-01-01T00:00:01', '2025-02-30T00:00:00Z', '2025-01-01T24:61:00Z', '', 'a b', 'x'.repeat(200)]) expect(parseSince(bad), bad).toBe('invalid');
  });
});

describe('realtime sockets: isolation', () => {
  // Pairs that a naive `${company}:${user}` key would confuse: (a, b:c) and (a:b, c).
  const companies = ['a', 'a:b', 'globex'];
  const users = ['c', 'b:c', 'alice'];

  it('a socket receives exactly its own (company, user) messages, in order', async () => {
    const people = companies.flatMap((companyId) => users.map((userId) => ({ companyId, userId })));
    const person = fc.integer({ min: 0, max: people.length - 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 8 }), fc.array(person, { maxLength: 40 }), async (socketOwners, deliveries) => {
        const h = await Harness.start({ maxSocketsPerUser: 10 });
        try {
          const sockets = await Promise.all(socketOwners.map((owner) => h.authed(people[owner]!)));
          const sent = deliveries.map((target, i) => ({ target, message: progress(`r${i}`, i) }));
          for (const { target, message } of sent) h.sockets.deliver(people[target]!, message);
          // A last message to every owner: once a socket has it, everything before it has arrived.
          const owners = [...new Set(socketOwners)];
          for (const owner of owners) h.sockets.deliver(people[owner]!, progress('end', -1));

          for (const [index, client] of sockets.entries()) {
            const owner = socketOwners[index]!;
            const expected = sent.filter((delivery) => delivery.target === owner).map((delivery) => delivery.message);
            const heard = await client.received(expected.length + 2);
            expect(heard).toEqual([{ type: 'ready' }, ...expected, progress('end', -1)]);
          }
        } finally {
          await h.stop();
        }
      }),
      { numRuns: 25 },
    );
  });
});
