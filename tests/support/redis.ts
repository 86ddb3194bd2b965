// A real Redis for the cache suites, at REDIS_URL (default redis://127.0.0.1:6379). The DB is
// shared, so each suite works under a random key prefix and deletes it afterwards. With CI=true
// an unreachable server fails the suite; elsewhere the suite is skipped with a loud message.
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A plain client that gives up at once, for probing and for the tests' own commands. */
export function adminClient(url = TEST_REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
}

async function ping(): Promise<void> {
  const client = adminClient();
  // ioredis rejects with "Connection is closed."; the event says why (ECONNREFUSED, ENOTFOUND...).
  let cause: unknown;
  client.on('error', (error: unknown) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
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
