// A real Redis for the cache suites, at REDIS_URL (default redis://127.0.0.1:6379). The DB is
// shared, so each suite works under a random key prefix and deletes it afterwards. With CI=true
// an unreachable server fails the suite; elsewhere the suite is skipped with a loud message.
import { Cluster, Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A plain client that gives up at once, for probing and for the tests' own commands. */
export function adminClient(url = TEST_REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
}

async function ping(url = TEST_REDIS_URL, check: (client: Redis) => Promise<void> = async (c) => void (await c.ping())): Promise<void> {
  const client = adminClient(url);
  // ioredis rejects with "Connection is closed."; the event says why (ECONNREFUSED, ENOTFOUND...).
  let cause: unknown;
  client.on('error', (error: unknown) => (cause ??= error));
  try {
    await client.connect();
    await check(client);
  } catch (error) {
    throw cause ?? error;
  } finally {
    client.disconnect();
  }
}

let reachable: Promise<boolean> | undefined;

/** Whether the test Redis answers. Throws under CI, where skipping is not allowed. */
export function redisAvailable(): Promise<boolean> {
  reachable ??= ping().then(
    () => true,
    (error: unknown) => {
      if (process.env.CI === 'true') {
        throw new Error(`Redis at ${TEST_REDIS_URL} is unreachable and CI=true forbids skipping: ${String(error)}`);
      }
      console.warn(`\n*** SKIPPED: Redis at ${TEST_REDIS_URL} is unreachable (${String(error)}) ***\n`);
      return false;
    },
  );
  return reachable;
}

/**
 * A Redis Cluster for the same suites, any one node of it at TEST_REDIS_CLUSTER_URL (default the
 * three masters `.ci/redis-cluster.sh` starts on 127.0.0.1:7000-7002). Skipped or failed as above.
 */
export const TEST_REDIS_CLUSTER_URL = process.env.TEST_REDIS_CLUSTER_URL ?? 'redis://127.0.0.1:7000';

let clusterReachable: Promise<boolean> | undefined;

/** Whether the test Redis Cluster answers with every slot served. Throws under CI, where skipping is not allowed. */
export function redisClusterAvailable(): Promise<boolean> {
  clusterReachable ??= ping(TEST_REDIS_CLUSTER_URL, async (client) => {
    const info = (await client.cluster('INFO')) as string;
    if (!/^cluster_state:ok/m.test(info)) throw new Error(`not a healthy cluster: ${info.split('\n')[0] ?? ''}`);
  }).then(
    () => true,
    (error: unknown) => {
      if (process.env.CI === 'true') {
        throw new Error(`Redis Cluster at ${TEST_REDIS_CLUSTER_URL} is unreachable and CI=true forbids skipping (.ci/redis-cluster.sh starts one): ${String(error)}`);
      }
      console.warn(`\n*** SKIPPED: Redis Cluster at ${TEST_REDIS_CLUSTER_URL} is unreachable (${String(error)}); .ci/redis-cluster.sh starts one ***\n`);
      return false;
    },
  );
  return clusterReachable;
}

/** A cluster client for the tests' own commands: `nodes('master')` reaches each node. */
export async function clusterAdminClient(url = TEST_REDIS_CLUSTER_URL): Promise<Cluster> {
  const { hostname, port } = new URL(url);
  const client = new Cluster([{ host: hostname, port: Number(port) }], { lazyConnect: true, redisOptions: { connectTimeout: 2000 } });
  await client.connect();
  return client;
}

/** Every key under `prefix` on every master of the cluster. */
export async function keysUnderInCluster(prefix: string, client: Cluster): Promise<string[]> {
  const found = await Promise.all(client.nodes('master').map((node) => node.keys(`${prefix}*`)));
  return found.flat();
}

/** Deletes every key under `prefix` on every master of the cluster. */
export async function deleteKeysUnderInCluster(prefix: string): Promise<void> {
  const client = await clusterAdminClient();
  try {
    await Promise.all(
      client.nodes('master').map(async (node) => {
        const keys = await node.keys(`${prefix}*`);
        // One DEL per key: a node refuses a multi-key DEL across slots.
        await Promise.all(keys.map((key) => node.del(key)));
      }),
    );
  } finally {
    await client.quit();
  }
}

export const uniqueKeyPrefix = (): string => `cg-test-${randomBytes(6).toString('hex')}:`;

/** Deletes every key under `prefix`. */
export async function deleteKeysUnder(prefix: string): Promise<void> {
  const client = adminClient();
  await client.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
}
