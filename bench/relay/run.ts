// bench/relay: events/s of raw amqplib publishing with publisher confirms, against the
// outbox relay publishing the same number of events from PostgreSQL (claim → publish →
// confirm → mark), in one run on the same broker and queue (SPEC §4: ≥ 5 000 events/s
// through the relay, and ≥ 50% of the raw rate).
//
//   npm run bench:relay -- [--events 50000] [--batch 1000] [--relays 1,2,4]
import { connect, type ConfirmChannel } from 'amqplib';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { RelayOutbox } from '../../application/events/relay-outbox';
import { openDatabase } from '../../adapters/postgres/database';
import { MikroOrmOutboxStore } from '../../adapters/postgres/mikro-orm-outbox';
import { RabbitMqEventPublisher } from '../../adapters/rabbitmq/rabbitmq-event-publisher';
import { SystemClock } from '../../adapters/system/system-clock';
import { domainEvent } from '../../domain/shared/domain-event';
import { createThrowawayDatabase } from '../support/throwaway-database';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '1000' },
    relays: { type: 'string', default: '1,2,4' },
  },
});
const EVENTS = Number(args.events);
const BATCH = Number(args.batch);
const RELAYS = args.relays.split(',').map(Number);
const AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const tag = randomBytes(4).toString('hex');
const EXCHANGE = `bench.relay.${tag}`;
const QUEUE = `bench-relay-${tag}`;

/** The same envelope the relay sends, so both sides publish bodies of one size. */
const sampleEvent = (n: number) =>
  domainEvent('BenchTick', 'bench-company', { n, productId: `product-${n % 100}` }, { id: `${tag}-${n}`, occurredAt: new Date() });

interface Row {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
}
const rate = (row: Row) => row.events / row.seconds;

async function withBroker<T>(work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
  const connection = await connect(AMQP_URL);
  try {
    const channel = await connection.createConfirmChannel();
    return await work(channel);
  } finally {
    await connection.close();
  }
}

async function declare(): Promise<void> {
  await withBroker(async (channel) => {
    await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    await channel.assertQueue(QUEUE, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(QUEUE, EXCHANGE, 'BenchTick');
  });
}

async function queued(): Promise<number> {
  return withBroker(async (channel) => (await channel.checkQueue(QUEUE)).messageCount);
}

async function purge(): Promise<void> {
  await withBroker(async (channel) => void (await channel.purgeQueue(QUEUE)));
}

/** The baseline: windows of BATCH persistent messages, each window confirmed before the next. */
async function rawPublish(): Promise<Row> {
  return withBroker(async (channel) => {
    const started = performance.now();
    for (let start = 0; start < EVENTS; start += BATCH) {
      for (let n = start; n < Math.min(start + BATCH, EVENTS); n++) {
        const event = sampleEvent(n);
        const fits = channel.publish(EXCHANGE, event.type, Buffer.from(JSON.stringify(event)), {
          persistent: true, messageId: event.id, type: event.type, contentType: 'application/json', headers: { companyId: event.companyId },
        });
        if (!fits) await new Promise((resolve) => channel.once('drain', resolve));
      }
      await channel.waitForConfirms();
    }
    return { name: 'raw amqplib, confirms', events: EVENTS, seconds: (performance.now() - started) / 1000 };
  });
}

async function fillOutbox(orm: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  const sample = sampleEvent(0);
  await orm.em.fork().execute(
    `insert into outbox (id, company_id, type, version, occurred_at, payload, attempts)
     select ? || '-' || g, ?, ?, 1, now(), jsonb_build_object('n', g, 'productId', 'product-' || (g % 100)), 0
     from generate_series(1, ?) g`,
    [`${tag}-${randomBytes(3).toString('hex')}`, sample.companyId, sample.type, EVENTS],
  );
}

async function relayPublish(orm: Awaited<ReturnType<typeof openDatabase>>, relays: number): Promise<Row> {
  await fillOutbox(orm);
  const publishers = Array.from({ length: relays }, () => new RabbitMqEventPublisher({ url: AMQP_URL, exchange: EXCHANGE }));
  const store = new MikroOrmOutboxStore(orm.em);
  try {
    // Connect before the clock starts: the baseline's connection is not timed either.
    await Promise.all(publishers.map((p) => p.publish([])));
    const started = performance.now();
    const published = await Promise.all(publishers.map((publisher) => new RelayOutbox(store, publisher, new SystemClock(), { batchSize: BATCH }).execute()));
    const total = published.reduce((sum, p) => sum + p.published, 0);
    return { name: `outbox relay from PostgreSQL${relays > 1 ? `, ${relays} relays` : ''}`, events: total, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(publishers.map((p) => p.close()));
  }
}

async function main(): Promise<void> {
  const database = await createThrowawayDatabase('cg_bench_relay');
  const orm = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 10 });
  await declare();
  const rows: Row[] = [];
  try {
    await rawPublish(); // warm-up: broker, queue and JIT
    await purge();
    const raw = await rawPublish();
    rows.push(raw);
    if ((await queued()) !== EVENTS) throw new Error(`the queue holds ${await queued()} messages, expected ${EVENTS}`);
    for (const relays of RELAYS) {
      await purge();
      const row = await relayPublish(orm, relays);
      rows.push(row);
      const held = await queued();
      if (held !== EVENTS || row.events !== EVENTS) throw new Error(`relay x${relays}: published ${row.events}, queue holds ${held}, expected ${EVENTS}`);
    }
    console.log(`\n${EVENTS} events, batches of ${BATCH}, persistent messages into one quorum queue, publisher confirms\n`);
    console.log('| publisher | events/s | seconds | vs raw |');
    console.log('|---|---|---|---|');
    for (const row of rows) {
      console.log(`| ${row.name} | ${Math.round(rate(row)).toLocaleString('en')} | ${row.seconds.toFixed(2)} | ${((rate(row) / rate(raw)) * 100).toFixed(0)}% |`);
    }
  } finally {
    await withBroker(async (channel) => {
      await channel.deleteQueue(QUEUE);
      await channel.deleteExchange(EXCHANGE);
    }).catch(() => undefined);
    await orm.close(true);
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
