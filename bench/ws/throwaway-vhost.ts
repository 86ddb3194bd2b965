// A RabbitMQ vhost of its own for one bench run (made with rabbitmqctl, or the command in
// RABBITMQCTL, as tests/support/rabbitmq.ts does), so the run's exchanges and queues meet no
// other's, and deleting the vhost removes them all.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

/** The broker a bench points its processes at (BENCH_AMQP_URL), as a user allowed to make vhosts there. */
export const BENCH_AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const run = promisify(execFile);

async function rabbitmqctl(...args: string[]): Promise<void> {
  const [command = 'rabbitmqctl', ...prefix] = (process.env.RABBITMQCTL ?? 'rabbitmqctl').split(/\s+/).filter(Boolean);
  await run(command, [...prefix, ...args], { timeout: 30_000 });
}

export interface ThrowawayVhost {
  /** BENCH_AMQP_URL pointed at the vhost. */
  readonly url: string;
  delete(): Promise<void>;
}

export async function createThrowawayVhost(prefix: string): Promise<ThrowawayVhost> {
  const vhost = `${prefix}-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl('add_vhost', vhost);
  const user = decodeURIComponent(new URL(BENCH_AMQP_URL).username || 'guest');
  try {
    await rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
  } catch (error) {
    await rabbitmqctl('delete_vhost', vhost).catch(() => undefined);
    throw error;
  }
  const url = new URL(BENCH_AMQP_URL);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return { url: url.toString(), delete: () => rabbitmqctl('delete_vhost', vhost) };
}
