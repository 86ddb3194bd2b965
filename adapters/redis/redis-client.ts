// How every Redis adapter here connects: one server or a Redis Cluster, failing fast. While Redis
// is away a command rejects at once (no offline queue) or after a short timeout, never waits for a
// reconnect, so a caller falls back (uncached answers, the in-process rate limits) instead of hanging.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** `redis://` or `rediss://`; with `cluster`, any one node of the cluster (the others are discovered). */
  readonly url: string;
  /** The URL names a seed node of a Redis Cluster. Default false. */
  readonly cluster?: boolean | undefined;
  /** A command without a reply by then rejects. Default 250 ms. */
  readonly commandTimeoutMs?: number | undefined;
  /** Default 1,000 ms. */
  readonly connectTimeoutMs?: number | undefined;
  /** Shown by `CLIENT LIST`. */
  readonly connectionName?: string | undefined;
  /** Connection trouble, reported once per outage rather than once per reconnect attempt. */
  readonly onError?: ((error: Error) => void) | undefined;
}

const backoff = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000);

export function openRedisClient(options: RedisClientOptions): RedisClient {
  const perConnection = {
    // Commands in flight when a connection drops reject right away instead of waiting for a reconnect.
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    connectionName: options.connectionName,
  } satisfies RedisOptions;
  const client = options.cluster
    ? new Cluster([seedNode(options.url)], clusterOptions(options.url, perConnection))
    : new Redis(options.url, { ...perConnection, enableOfflineQueue: false, retryStrategy: backoff });
  // Without a listener ioredis prints every connection error; one report per outage is enough.
  let outageReported = false;
  client.on('error', (error: Error) => {
    if (outageReported) return;
    outageReported = true;
    options.onError?.(error);
  });
  client.on('ready', () => {
    outageReported = false;
    // A Cluster connects to a node at its first command, and without an offline queue refuses any
    // other command for that node meanwhile: connecting them all now keeps the first requests cached.
    if (client instanceof Cluster) for (const node of client.nodes('master')) if (node.status === 'wait') node.connect().catch(() => undefined);
  });
  return client;
}

function seedNode(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port === '' ? 6379 : Number(parsed.port) };
}

/** The URL's credentials and TLS apply to every node; a cluster has no database number. */
function clusterOptions(url: string, perConnection: RedisOptions): ClusterOptions {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'rediss:';
  return {
    enableOfflineQueue: false,
    clusterRetryStrategy: backoff,
    // A node that went away fails the command at once (the caller falls back) instead of being
    // retried after a delay, and the slot map is refreshed in the background.
    retryDelayOnFailover: 0,
    retryDelayOnClusterDown: 0,
    maxRedirections: 6,
    slotsRefreshTimeout: perConnection.connectTimeout ?? 1_000,
    redisOptions: {
      ...perConnection,
      username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
      password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
      ...(tls ? { tls: { servername: parsed.hostname } } : {}),
    },
  };
}

/**
 * Resolves once connected (to every master, for a Cluster); rejects when that takes longer than
 * `timeoutMs` (the client keeps trying).
 */
export async function redisReady(client: RedisClient, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await becomeReady(client, timeoutMs);
  if (client instanceof Cluster) {
    await Promise.all(client.nodes('master').map((node) => becomeReady(node, Math.max(0, deadline - Date.now()))));
  }
}

function becomeReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    client.once('ready', onReady);
  });
}

/** Quits politely when connected, else drops the connection (and its reconnect attempts). */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Fall through: the connection is going anyway.
    }
  }
  client.disconnect();
}

/** Bytes used by the server, or by every master of a cluster together (`used_memory` of INFO). */
export async function usedMemory(client: RedisClient): Promise<number | null> {
  const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  const reports = await Promise.all(nodes.map((node) => node.info('memory')));
  let total = 0;
  for (const report of reports) {
    const used = /^used_memory:(\d+)/m.exec(report)?.[1];
    if (used === undefined) return null;
    total += Number(used);
  }
  return total;
}
