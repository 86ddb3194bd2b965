// ReplicaBroadcast over PostgreSQL LISTEN/NOTIFY: every process on one database hears every
// notice, without another service. One dedicated connection LISTENs and reconnects with
// backoff; notices go out through a small pool of their own, so a process whose listener is
// down still tells the others. Payloads are JSON under PostgreSQL's 8000-byte limit (a long tag
// list goes as several notices) and are never logged: tags and ids are tenant data.
import pg from 'pg';
import type { ReplicaBroadcast, ReplicaListener, ReplicaNotice } from '../../application/ports/replica-broadcast';

export interface PostgresReplicaBroadcastOptions {
  readonly connectionString: string;
  /** The NOTIFY channel; processes hear each other only on the same one. */
  readonly channel?: string;
  /** Connection failures (never a payload). The broadcast carries on: it reconnects. */
  readonly onError?: (error: unknown, during: 'listen' | 'announce' | 'receive') => void;
  /** Wait before the first reconnection; doubled at each failure up to `maxReconnectDelayMs`. */
  readonly reconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;
const VERSION = 1;

export class PostgresReplicaBroadcast implements ReplicaBroadcast {
  readonly crossesProcesses = true;
  private readonly channel: string;
  private readonly listeners = new Set<ReplicaListener>();
  private readonly pool: pg.Pool;
  private client: pg.Client | null = null;
  private connected = false;
  private started = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private pid: number | null = null;

  constructor(private readonly options: PostgresReplicaBroadcastOptions) {
    this.channel = options.channel ?? 'cg_replicas';
    this.retryDelayMs = options.reconnectDelayMs ?? 100;
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: 2, idleTimeoutMillis: 10_000, application_name: 'cg-replica-notify' });
    // An idle pooled connection that dies is reported here; the next announce takes a new one.
    this.pool.on('error', (error) => this.options.onError?.(error, 'announce'));
  }

  get live(): boolean {
    return this.connected && !this.closed;
  }

  /** The server process of the listening connection, while there is one (for diagnostics and tests). */
  get listenerPid(): number | null {
    return this.connected ? this.pid : null;
  }

  async announce(notice: ReplicaNotice): Promise<void> {
    if (this.closed) throw new Error('PostgresReplicaBroadcast is closed');
    for (const payload of payloadsOf(notice)) {
      await this.pool.query('select pg_notify($1, $2)', [this.channel, payload]);
    }
  }

  listen(listener: ReplicaListener): () => void {
    this.listeners.add(listener);
    if (!this.started && !this.closed) {
      this.started = true;
      void this.connect();
    }
    return () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.listeners.clear();
    await Promise.all([client?.end().catch(() => undefined), this.pool.end()]);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: 'cg-replica-listen',
      // A peer that vanished without a word (a cut network) is found by TCP keepalive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', (message) => {
      if (client === this.client && message.channel === this.channel) this.receive(message.payload);
    });
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client, null));
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      if (client !== this.client) return; // dropped or closed meanwhile
      this.pid = rows[0]?.pid ?? null;
      this.connected = true;
      this.retryDelayMs = this.options.reconnectDelayMs ?? 100;
    } catch (error) {
      this.drop(client, error);
    }
  }

  /** The listening connection failed or ended: tell the listeners once, and connect again later. */
  private drop(client: pg.Client, error: unknown): void {
    if (client !== this.client) return;
    this.client = null;
    const wasLive = this.connected;
    this.connected = false;
    this.pid = null;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (error) this.options.onError?.(error, 'listen');
    if (wasLive) this.tellLost();
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, this.options.maxReconnectDelayMs ?? 5_000);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    // A process with nothing else to do should not stay up for a reconnection.
    this.retryTimer.unref();
  }

  private receive(payload: string | undefined): void {
    const notices = noticesOf(payload);
    if (notices === null) {
      // Of another version, or damaged: what it said is unknown, so it counts as lost.
      this.options.onError?.(new Error(`unreadable replica notice (${payload?.length ?? 0} characters)`), 'receive');
      this.tellLost();
      return;
    }
    for (const listener of [...this.listeners]) {
      for (const notice of notices) listener.notice(notice);
    }
  }

  private tellLost(): void {
    for (const listener of [...this.listeners]) listener.lost();
  }
}

type Wire = { v: number; t: string[] } | { v: number; u: [string, string] } | { v: number; s: string } | { v: number; o: 1 };

/** The NOTIFY payloads saying `notice`: one, or for a long tag list as many as it takes. */
export function payloadsOf(notice: ReplicaNotice): string[] {
  switch (notice.kind) {
    case 'user-sessions':
      return [sized(JSON.stringify({ v: VERSION, u: [notice.companyId, notice.userId] } satisfies Wire))];
    case 'session-ended':
      return [sized(JSON.stringify({ v: VERSION, s: notice.sessionId } satisfies Wire))];
    case 'cache-tags':
      return tagChunks([...new Set(notice.tags)]);
    case 'outbox-written':
      return [JSON.stringify({ v: VERSION, o: 1 } satisfies Wire)];
  }
}

function tagChunks(tags: readonly string[]): string[] {
  const payloads: string[] = [];
  let chunk: string[] = [];
  // `{"v":1,"t":[]}` plus, per tag, its JSON text and a comma.
  const overhead = Buffer.byteLength(JSON.stringify({ v: VERSION, t: [] }));
  let bytes = overhead;
  for (const tag of tags) {
    const size = Buffer.byteLength(JSON.stringify(tag)) + 1;
    if (chunk.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(sized(JSON.stringify({ v: VERSION, t: chunk })));
      chunk = [];
      bytes = overhead;
    }
    chunk.push(tag);
    bytes += size;
  }
  if (chunk.length > 0) payloads.push(sized(JSON.stringify({ v: VERSION, t: chunk })));
  return payloads;
}

function sized(payload: string): string {
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`replica notice too long (${Buffer.byteLength(payload)} bytes)`);
  return payload;
}

/** The notices a payload carries, or null when it cannot be read. */
export function noticesOf(payload: string | undefined): ReplicaNotice[] | null {
  let wire: unknown;
  try {
    wire = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  if (wire === null || typeof wire !== 'object' || (wire as { v?: unknown }).v !== VERSION) return null;
  const { t, u, s, o } = wire as { t?: unknown; u?: unknown; s?: unknown; o?: unknown };
  if (Array.isArray(t) && t.every((tag) => typeof tag === 'string')) return [{ kind: 'cache-tags', tags: t as string[] }];
  if (Array.isArray(u) && u.length === 2 && u.every((id) => typeof id === 'string')) {
    return [{ kind: 'user-sessions', companyId: u[0] as string, userId: u[1] as string }];
  }
  if (typeof s === 'string') return [{ kind: 'session-ended', sessionId: s }];
  if (o === 1) return [{ kind: 'outbox-written' }];
  return null;
}
