// Issue 16 on real processes: two built API replicas and the worker on one PostgreSQL database and
// one RabbitMQ vhost, as `docker compose up --scale api=2` runs them. A price drop sent through
// API A reaches a socket on API B, the inbox and the worker's mailbox exactly once each: across
// cuts of every broker connection, with two workers competing for the events, on an event the
// relay publishes again, and when a worker is killed while its email is on the wire.
import { connect } from 'amqplib';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApiProcess, startWorkerProcess, type ApiProcess } from '../support/api-process';
import { addMember, registerCompany, type Member, type Tenant } from '../support/builders';
import { eventually } from '../support/eventually';
import { httpClient, type Call } from '../support/http-client';
import { openVhost, rabbitAvailable, type TestVhost } from '../support/rabbitmq';
import { openTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-databases';

const available = (await postgresAvailable()) && (await rabbitAvailable());

const INBOX = '/api/v1/users/me/notifications';
/** Every watch here targets TARGET: ABOVE → BELOW fires a price drop, BELOW → ABOVE re-arms the watch. */
const TARGET = 10_000;
const ABOVE = 12_000;
const BELOW = 9_900;
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const PRICE_DROP_CONSUMER = 'notify-price-drop';

type Json = Record<string, unknown>;

interface LiveSocket {
  readonly messages: Json[];
  /** The ids of the `notification` messages, in the order they came, repeats included. */
  notificationIds(): string[];
  close(): void;
}

/** A `/ws` client that authenticates with `token` and keeps every message it gets. */
async function openSocket(baseUrl: string, token: string): Promise<LiveSocket> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`);
  const messages: Json[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Json));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  socket.send(JSON.stringify({ type: 'auth', token }));
  await eventually(async () => messages.length, (n) => n >= 1, 'ready on the socket');
  expect(messages[0]).toEqual({ type: 'ready' });
  return {
    messages,
    notificationIds: () => messages.filter((m) => m.type === 'notification').map((m) => (m.notification as { id: string }).id),
    close: () => socket.close(),
  };
}

interface SilentSmtp {
  readonly port: number;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * An SMTP server that accepts connections and never greets: a send through it hangs (until
 * nodemailer's 30 s greeting timeout), so a worker can be caught, and killed, mid-send.
 */
async function silentSmtpServer(): Promise<SilentSmtp> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const running = (p: ApiProcess): boolean => p.child.exitCode === null && p.child.signalCode === null;

describe.skipIf(!available)('notifications across two API replicas and workers on PostgreSQL and RabbitMQ', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  const apis: ApiProcess[] = [];
  /** Every worker started, running or not: all their mailboxes count. */
  const workers: ApiProcess[] = [];
  const sockets: LiveSocket[] = [];
  let smtp: SilentSmtp | undefined;
  let onA: Call;
  let onB: Call;
  let baseB: string;
  let tenant: Tenant;
  let staff: Member;

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url ?? '',
    AMQP_URL: vhost.url,
    JWT_SECRET: 'replicas-share-one-secret-of-32-chars!',
    OUTBOX_POLL_MS: '50',
    ...extra,
  });
  const startWorker = async (extra: Record<string, string> = {}): Promise<ApiProcess> => {
    const worker = await startWorkerProcess(env(extra));
    workers.push(worker);
    return worker;
  };
  const stop = async (processes: readonly ApiProcess[]) => {
    const live = processes.filter(running);
    for (const p of live) p.child.kill('SIGTERM');
    await Promise.all(live.map((p) => p.exited));
  };

  beforeAll(async () => {
    // Migrated once here, as the compose file's one-shot `migrate` service does before the replicas start.
    db = await openTestDatabase('postgres');
    vhost = await openVhost();
    apis.push(...(await Promise.all([startApiProcess(env()), startApiProcess(env())])));
    await startWorker();
    const [a, b] = apis as [ApiProcess, ApiProcess];
    baseB = `http://127.0.0.1:${b.port}`;
    onA = httpClient(`http://127.0.0.1:${a.port}`);
    onB = httpClient(baseB);
    tenant = await registerCompany(onA);
    staff = await addMember(onA, tenant, 'staff');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await stop([...apis, ...workers]);
    await smtp?.close();
    await vhost?.delete();
    await db?.close();
    await Promise.all([...apis, ...workers].map((p) => rm(p.dataDir, { recursive: true, force: true })));
  });

  const sql = async <T = Json>(query: string, params: unknown[] = []): Promise<T[]> => (await db.orm.em.fork().execute(query, params)) as T[];

  let skus = 0;
  const newProduct = async (): Promise<string> => {
    const res = await onA('POST', '/api/v1/products', { token: staff.token, body: { sku: `NR-${++skus}`, name: `Kettle ${skus}`, price: eur(ABOVE), stock: 5 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  /** A new customer watching `productId` with TARGET. */
  const watcher = async (productId: string): Promise<Member> => {
    const member = await addMember(onA, tenant, 'customer');
    const res = await onA('POST', '/api/v1/users/me/watchlist', { token: member.token, body: { productId, targetPrice: eur(TARGET) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return member;
  };
  const setPrice = async (productId: string, amountCents: number) => {
    const res = await onA('PUT', `/api/v1/products/${productId}/price`, { token: staff.token, body: { price: eur(amountCents) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const below = new Set<string>();
  /** One price drop through API A, re-arming the watches first when the price is already below. */
  const drop = async (productId: string) => {
    if (below.has(productId)) await setPrice(productId, ABOVE);
    await setPrice(productId, BELOW);
    below.add(productId);
  };

  /** The member's inbox, read through API B. */
  const inboxOf = async (member: Member): Promise<{ id: string; trigger: string }[]> => {
    const res = await onB('GET', `${INBOX}?limit=100`, { token: member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items;
  };
  /** `.eml` files addressed to the member, across every worker's mailbox. */
  const mailsTo = async (member: Member): Promise<number> => {
    let count = 0;
    for (const worker of workers) {
      const mailbox = join(worker.dataDir, 'mail');
      for (const name of await readdir(mailbox).catch(() => [])) {
        if ((await readFile(join(mailbox, name), 'utf8')).includes(`To: ${member.email}`)) count++;
      }
    }
    return count;
  };
  const deliveriesOf = (member: Member) =>
    sql<{ channel: string; status: string }>('select channel, status from notification_deliveries where user_id = ? order by created_at, channel', [member.id]);
  /** Price changes the worker's price-drop consumer handled and acknowledged, from its /metrics. */
  const priceChangesHandledBy = async (worker: ApiProcess): Promise<number> => {
    const metrics = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
    return Number(new RegExp(`^events_consumed_total\\{consumer="${PRICE_DROP_CONSUMER}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
  };
  /** Consumers the broker counts on the price-drop queue. */
  const priceDropConsumers = async (): Promise<number> => {
    const connection = await connect(vhost.url);
    try {
      return (await (await connection.createChannel()).checkQueue(PRICE_DROP_CONSUMER)).consumerCount;
    } finally {
      await connection.close();
    }
  };
  /** Every PriceChanged written so far has been claimed by the price-drop consumer. */
  const priceChangesClaimed = async () => {
    const [row] = await sql<{ written: string; claimed: string }>(
      `select (select count(*) from outbox where type = 'PriceChanged') as written,
              (select count(*) from processed_events where consumer = ?) as claimed`,
      [PRICE_DROP_CONSUMER],
    );
    return row!.written === row!.claimed;
  };
  const priceChangesHandled = async () => (await Promise.all(workers.filter(running).map(priceChangesHandledBy))).reduce((a, b) => a + b, 0);

  /**
   * Waits until the member has `count` notifications and none of their deliveries is still to be
   * sent, then checks that each notification is in the inbox, in the mailbox and (given a socket)
   * on the socket exactly once.
   */
  const expectEachOnce = async (member: Member, count: number, socket?: LiveSocket) => {
    await eventually(() => inboxOf(member), (items) => items.length >= count, `${count} notifications in the inbox`);
    await eventually(
      () => deliveriesOf(member),
      (rows) => rows.length === 2 * count && rows.every((row) => row.status === 'sent' || row.status === 'failed'),
      'every delivery finished',
    );
    // An email that failed would be missing from the mailbox: every one must have gone out.
    expect((await deliveriesOf(member)).filter((row) => row.channel === 'email').map((row) => row.status)).toEqual(Array(count).fill('sent'));
    await eventually(() => mailsTo(member), (n) => n >= count, `${count} emails in the mailboxes`);
    if (socket) await eventually(async () => socket.notificationIds().length, (n) => n >= count, `${count} notifications on the socket`);
    const items = await inboxOf(member);
    expect(items).toHaveLength(count);
    expect(items.every((item) => item.trigger === 'price_drop')).toBe(true);
    expect(await mailsTo(member)).toBe(count);
    if (socket) expect([...socket.notificationIds()].sort()).toEqual(items.map((item) => item.id).sort());
  };

  it('tells a socket on API B once of a drop sent through API A, and of each later drop once, through cuts of every broker connection', async () => {
    const product = await newProduct();
    const member = await watcher(product);
    const socket = await openSocket(baseB, member.token);
    sockets.push(socket);

    await drop(product);
    await expectEachOnce(member, 1, socket);

    // The cut lands while the drop is on its way: in the outbox, the relay, the consumer or the push.
    await Promise.all([vhost.closeAllConnections(), drop(product)]);
    await drop(product);
    await expectEachOnce(member, 3, socket);
    // API B did lose its queue, so what it sent since came live on the new one or from the inbox on resync.
    await eventually(async () => apis[1]!.output(), (output) => output.includes('realtime queue made again after a broker reconnect'), 'API B resubscribed');

    // A second cut after the drop is written, then a drop once the processes are back.
    await drop(product);
    await vhost.closeAllConnections();
    await drop(product);
    await expectEachOnce(member, 5, socket);
  });

  it('records and mails each drop once with two workers competing for the events', async () => {
    const second = await startWorker();
    await eventually(priceDropConsumers, (n) => n === 2, 'both workers on the price-drop queue');
    const product = await newProduct();
    const members = [await watcher(product), await watcher(product)];
    const socket = await openSocket(baseB, members[0]!.token);
    sockets.push(socket);

    for (let round = 0; round < 4; round++) await drop(product);
    await expectEachOnce(members[0]!, 4, socket);
    await expectEachOnce(members[1]!, 4);
    // Both consume from the queue (round-robin), so the claim in the inbox, not luck, kept them apart.
    expect(await priceChangesHandledBy(second)).toBeGreaterThan(0);
  });

  it('does nothing more for a PriceChanged the relay publishes again', async () => {
    const product = await newProduct();
    const member = await watcher(product);
    await drop(product);
    await expectEachOnce(member, 1);
    const [event] = await sql<{ id: string }>(
      "select id from outbox where type = 'PriceChanged' and payload->>'productId' = ? and published_at is not null order by seq desc limit 1",
      [product],
    );
    // Nothing else is in flight, so the next count the workers report is this event's.
    await eventually(priceChangesClaimed, (done) => done, 'every price change claimed');
    const handled = await priceChangesHandled();

    // As if the relay died between the broker's confirm and marking the row published.
    await sql("update outbox set published_at = null, claimed_until = null where id = ?", [event!.id]);
    await eventually(() => priceChangesHandled(), (n) => n > handled, 'the event consumed a second time');

    await expectEachOnce(member, 1);
    expect(await sql('select 1 from processed_events where consumer = ? and event_id = ?', [PRICE_DROP_CONSUMER, event!.id])).toHaveLength(1);
  });

  it('sends no second email for a delivery whose worker was killed mid-send', async () => {
    // The worker that will hang must be the only one to get the event.
    await stop(workers);
    smtp = await silentSmtpServer();
    const silent = smtp;
    const hanging = await startWorker({ SMTP_URL: `smtp://127.0.0.1:${silent.port}` });
    await eventually(priceDropConsumers, (n) => n === 1, 'the hanging worker alone on the price-drop queue');
    const product = await newProduct();
    const member = await watcher(product);
    await drop(product);

    const emailStatus = async () => (await deliveriesOf(member)).find((row) => row.channel === 'email')?.status;
    await eventually(
      async () => ({ connections: silent.accepted(), email: await emailStatus() }),
      (state) => state.connections > 0 && state.email === 'sending',
      'the email on the wire',
    );
    hanging.child.kill('SIGKILL');
    await hanging.exited;

    // The broker hands the unacknowledged PriceChanged to the next worker: its inbox claim makes it a no-op.
    // Its sweep fails the delivery left `sending` once the (here short) lease ran out, and never resends it.
    const next = await startWorker({ NOTIFICATION_SENDING_LEASE_MS: '2000', NOTIFICATION_SWEEP_INTERVAL_MS: '200' });
    await eventually(() => priceChangesHandledBy(next), (n) => n >= 1, 'the redelivered event handled by the next worker');
    expect(await inboxOf(member)).toHaveLength(1);
    await eventually(emailStatus, (status) => status === 'failed', 'the sweep failed the delivery the killed worker held');
    expect(await mailsTo(member)).toBe(0);

    // The next worker sends what comes after, once.
    await drop(product);
    await eventually(() => mailsTo(member), (n) => n >= 1, 'the next drop\'s email');
    await eventually(() => inboxOf(member), (items) => items.length === 2, 'two notifications in the inbox');
    const emails = async () => (await deliveriesOf(member)).filter((row) => row.channel === 'email').map((row) => row.status).sort();
    await eventually(emails, (statuses) => statuses.some((status) => status === 'sent' || status === 'failed'), 'the next drop\'s email finished');
    expect(await emails()).toEqual(['failed', 'sent']);
    expect(await mailsTo(member)).toBe(1);
  });
});
