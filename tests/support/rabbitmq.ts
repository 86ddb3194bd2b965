// A real RabbitMQ for the bus suites. The broker comes from TEST_AMQP_URL (default
// amqp://guest:guest@127.0.0.1:5672); each test file gets a throwaway vhost of its own
// (made with rabbitmqctl, or the command in RABBITMQCTL, e.g. "docker exec rabbit
// rabbitmqctl"), so files are isolated and a chaos test cuts only its own connections.
// With CI=true an unreachable broker fails the suite; elsewhere it is skipped loudly.
import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

export const TEST_AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const run = promisify(execFile);

async function rabbitmqctl(...args: string[]): Promise<string> {
  const [command = 'rabbitmqctl', ...prefix] = (process.env.RABBITMQCTL ?? 'rabbitmqctl').split(/\s+/).filter(Boolean);
  const { stdout } = await run(command, [...prefix, ...args], { timeout: 30_000 });
  return stdout;
}

let reachable: Promise<boolean> | undefined;

/** Whether the test broker answers. Throws under CI, where skipping is not allowed. */
export function rabbitAvailable(): Promise<boolean> {
  reachable ??= connect(TEST_AMQP_URL, { timeout: 3000 })
    .then((connection) => connection.close())
    .then(
      () => true,
      (error: unknown) => {
        if (process.env.CI === 'true') {
          throw new Error(`RabbitMQ at ${TEST_AMQP_URL} is unreachable and CI=true forbids skipping: ${String(error)}`);
        }
        console.warn(`\n*** SKIPPED: RabbitMQ at ${TEST_AMQP_URL} is unreachable (${String(error)}) ***\n`);
        return false;
      },
    );
  return reachable;
}

export interface TestVhost {
  /** TEST_AMQP_URL pointed at the vhost. */
  readonly url: string;
  readonly vhost: string;
  /** Drops every client connection of this vhost, as a broker restart would. */
  closeAllConnections(): Promise<void>;
  /** Deletes the vhost with everything in it. */
  delete(): Promise<void>;
}

export async function openVhost(): Promise<TestVhost> {
  const vhost = `cg-test-${randomBytes(6).toString('hex')}`;
  await rabbitmqctl('add_vhost', vhost);
  const user = decodeURIComponent(new URL(TEST_AMQP_URL).username || 'guest');
  try {
    await rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
  } catch (error) {
    await rabbitmqctl('delete_vhost', vhost).catch(() => undefined);
    throw error;
  }
  const url = new URL(TEST_AMQP_URL);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return {
    url: url.toString(),
    vhost,
    closeAllConnections: async () => {
      await rabbitmqctl('close_all_connections', '--vhost', vhost, 'chaos test');
    },
    delete: async () => {
      await rabbitmqctl('delete_vhost', vhost);
    },
  };
}

/** Properties of the vhost's queues as the broker reports them (durability, type, arguments). */
export async function listQueues(vhost: string): Promise<{ name: string; durable: boolean; type: string; arguments: string }[]> {
  const out = await rabbitmqctl('list_queues', '-p', vhost, '--quiet', '--formatter', 'json', 'name', 'durable', 'type', 'arguments');
  return (JSON.parse(out) as { name: string; durable: boolean; type: string; arguments: unknown }[]).map((q) => ({
    ...q,
    arguments: JSON.stringify(q.arguments),
  }));
}
