// The live push channel of SPEC §3.8: WebSockets at `/ws` on the API's own HTTP server. Transport
// only: who a token is and what a user missed come in as callbacks; what to push comes in through
// `deliver`, once per message reaching this replica.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { notificationIdOf, type RealtimeMessage } from './realtime-message';

export type { RealtimeMessage } from './realtime-message';

export const REALTIME_PATH = '/ws';

/** Close codes of the protocol; 1009 (message too big) is sent by `ws` itself. */
export const REALTIME_CLOSE = {
  goingAway: 1001,
  internalError: 1011,
  unauthorized: 4401,
  authTimeout: 4408,
  tooManySockets: 4429,
} as const;

export interface RealtimeUser {
  readonly companyId: string;
  readonly userId: string;
}

/** Where a reconnecting client's catch-up starts: after a notification it saw, or after a time. */
export type RealtimeSince = { readonly id: string } | { readonly at: Date };

export type RealtimeAuthentication =
  | { readonly ok: true; readonly companyId: string; readonly userId: string; readonly expiresAt: Date }
  | { readonly ok: false };

export interface RealtimeLimits {
  /** Largest message a client may send; a bigger one closes the socket with 1009. */
  readonly maxPayloadBytes: number;
  /** How long a socket may stay open without a successful auth (then 4408). */
  readonly authTimeoutMs: number;
  /** Open sockets per (company, user); one more is refused with 4429. */
  readonly maxSocketsPerUser: number;
  /** Bytes a socket may have queued and unsent; a socket past it is a slow reader and is cut. */
  readonly maxBufferedBytes: number;
  /** Interval of the server's pings; a socket silent for a whole interval is cut. */
  readonly heartbeatMs: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  maxPayloadBytes: 4096,
  authTimeoutMs: 10_000,
  maxSocketsPerUser: 5,
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 30_000,
};

export interface RealtimeSocketsOptions {
  /** Who an access token belongs to, and until when; `{ok: false}` for a bad or expired token. Throws only when it cannot tell. */
  readonly authenticate: (token: string) => Promise<RealtimeAuthentication>;
  /**
   * The user's messages after `since`, oldest first, sent right after `ready`. Keep the answer
   * bounded (a page of the inbox): it is written at once and counts against `maxBufferedBytes`.
   */
  readonly missed: (user: RealtimeUser, since: RealtimeSince) => Promise<readonly RealtimeMessage[]>;
  readonly limits?: Partial<RealtimeLimits>;
  readonly logger: Logger;
  /** Time source for token expiry (tests); defaults to the system clock. */
  readonly now?: () => Date;
}

export interface RealtimeSockets {
  /** Writes the message to every authenticated socket of that user on this server; returns how many took it. */
  deliver(user: RealtimeUser, message: RealtimeMessage): number;
  /**
   * Notes, for each authenticated socket, where it is now: live messages may pass this server by
   * from here on (its subscription to them was cut).
   */
  markGap(): void;
  /**
   * Writes each authenticated socket what its user's inbox holds after the point markGap noted
   * (else after the last notification it got, or since it was admitted), skipping what it got
   * since: the subscription is back. Live messages meanwhile follow, once each.
   */
  resync(): void;
  /** Authenticated sockets, and the distinct users they belong to. */
  stats(): { sockets: number; users: number };
  /** Stops accepting sockets and closes every open one with 1001; resolves when all are gone. */
  close(): Promise<void>;
}

/** A closing handshake the peer does not finish (a slow reader never reads the close frame) ends with a cut. */
const CLOSE_GRACE_MS = 5_000;
/** setTimeout's largest delay; a later token expiry is reached in several hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Notification ids a socket remembers having got, for a resync's overlap with live messages. */
const RECENT_IDS = 200;
const READY = JSON.stringify({ type: 'ready' });
const PONG = JSON.stringify({ type: 'pong' });

type Phase = 'awaiting-auth' | 'authenticating' | 'admitted' | 'closing';

/** One socket, from upgrade to close. */
interface Connection {
  readonly socket: WebSocket;
  readonly sinceFromUrl: RealtimeSince | undefined;
  phase: Phase;
  user: RealtimeUser | undefined;
  /** Answered the last heartbeat ping. */
  alive: boolean;
  /**
   * Live messages that arrived while the catch-up was being read, kept to follow it (so a live
   * message never overtakes an older missed one); null once caught up.
   */
  held: { readonly message: RealtimeMessage; readonly text: string }[] | null;
  /** Where a resync starts: the last notification written, else the instant the socket was admitted. */
  lastSent: RealtimeSince;
  /** The notifications written lately (a bounded window): a resync never writes one twice. */
  recentIds: Set<string>;
  /** Where the socket was when live messages may have started to pass this server by (markGap); a resync starts there. */
  gapFrom: RealtimeSince | null;
  heldBytes: number;
  timers: Set<NodeJS.Timeout>;
}

export function attachRealtimeSockets(server: Server, options: RealtimeSocketsOptions): RealtimeSockets {
  const limits: RealtimeLimits = { ...DEFAULT_REALTIME_LIMITS, ...options.limits };
  const logger = options.logger.child({ component: 'realtime-sockets' });
  const now = options.now ?? (() => new Date());
  // No compression: a deflated frame could inflate past what maxPayload means to bound, and
  // bufferedAmount would no longer count what the socket really owes.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes, perMessageDeflate: false, clientTracking: false });
  const connections = new Set<Connection>();
  /** Admitted connections by user; see `userKey`. */
  const byUser = new Map<string, Set<Connection>>();
  /** Waiting `close()` calls, resolved when the last connection is gone. */
  const drained: (() => void)[] = [];
  let closing = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = requestUrl(request);
    if (url?.pathname !== REALTIME_PATH) {
      // Another listener may serve other paths; alone, nobody would answer the socket.
      if (server.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    const rawSince = url.searchParams.get('since');
    const since = rawSince ? parseSince(rawSince) : undefined;
    if (since === 'invalid') return refuseUpgrade(socket, 400, 'Bad Request');
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, since));
  };

  const accept = (socket: WebSocket, sinceFromUrl: RealtimeSince | undefined): void => {
    const connection: Connection = {
      socket, sinceFromUrl, phase: 'awaiting-auth', user: undefined, alive: true, held: null, heldBytes: 0, timers: new Set(),
      lastSent: { at: now() }, recentIds: new Set(), gapFrom: null,
    };
    connections.add(connection);
    startTimer(connection, limits.authTimeoutMs, () => {
      if (connection.phase === 'awaiting-auth' || connection.phase === 'authenticating') shut(connection, REALTIME_CLOSE.authTimeout, 'authentication timeout');
    });
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data, isBinary) => onMessage(connection, data, isBinary));
    // Protocol errors (a frame over maxPayload, bad UTF-8) close the socket on their own; without
    // a listener the error would be thrown.
    socket.on('error', (error) => logger.debug({ err: error, user: connection.user }, 'realtime socket error'));
    socket.on('close', () => forget(connection));
  };

  const onMessage = (connection: Connection, data: RawData, isBinary: boolean): void => {
    switch (connection.phase) {
      case 'awaiting-auth': {
        const auth = isBinary ? undefined : parseAuthMessage(rawText(data));
        if (!auth) return shut(connection, REALTIME_CLOSE.unauthorized, 'authentication required');
        connection.phase = 'authenticating';
        void admit(connection, auth.token, auth.since ?? connection.sinceFromUrl);
        return;
      }
      case 'admitted':
        if (!isBinary && isPing(rawText(data))) write(connection, PONG);
        return;
      case 'authenticating':
      case 'closing':
        return;
    }
  };

  const admit = async (connection: Connection, token: string, since: RealtimeSince | undefined): Promise<void> => {
    let verdict: RealtimeAuthentication;
    try {
      verdict = await options.authenticate(token);
    } catch (error) {
      logger.error({ err: error }, 'realtime authentication failed');
      return shut(connection, REALTIME_CLOSE.internalError, 'authentication unavailable');
    }
    // Gone meanwhile: the client left, the auth timeout struck, or the server is closing.
    if (connection.phase !== 'authenticating') return;
    if (!verdict.ok) return shut(connection, REALTIME_CLOSE.unauthorized, 'invalid token');
    const remainingMs = verdict.expiresAt.getTime() - now().getTime();
    if (!(remainingMs > 0)) return shut(connection, REALTIME_CLOSE.unauthorized, 'token expired');

    const user: RealtimeUser = { companyId: verdict.companyId, userId: verdict.userId };
    const key = userKey(user);
    const peers = byUser.get(key) ?? new Set<Connection>();
    if (peers.size >= limits.maxSocketsPerUser) {
      logger.info({ user, sockets: peers.size }, 'realtime socket refused: too many for this user');
      return shut(connection, REALTIME_CLOSE.tooManySockets, 'too many sockets');
    }
    // Registered before the catch-up is read, so nothing delivered meanwhile is lost; held
    // until the catch-up is written, so it arrives after it.
    peers.add(connection);
    byUser.set(key, peers);
    connection.phase = 'admitted';
    connection.user = user;
    connection.held = since ? [] : null;
    connection.lastSent = since ?? { at: now() };
    clearTimers(connection);
    startTimer(connection, remainingMs, () => shut(connection, REALTIME_CLOSE.unauthorized, 'token expired'));
    if (!write(connection, READY) || !since) return;
    await catchUp(connection, user, since);
  };

  const catchUp = async (connection: Connection, user: RealtimeUser, since: RealtimeSince): Promise<void> => {
    let backlog: readonly RealtimeMessage[];
    try {
      backlog = await options.missed(user, since);
    } catch (error) {
      logger.error({ err: error, user }, 'realtime catch-up failed');
      // The client reconnects with the same `since`, rather than carrying on with a gap.
      return shut(connection, REALTIME_CLOSE.internalError, 'catch-up unavailable');
    }
    const held = connection.held ?? [];
    connection.held = null;
    connection.heldBytes = 0;
    // A notification recorded while the inbox was read can be in both; it is written once.
    for (const message of backlog) if (!writeMessage(connection, message, JSON.stringify(message))) return;
    for (const { message, text } of held) if (!writeMessage(connection, message, text)) return;
  };

  /** Writes a message, unless it is a notification this socket already got; remembers where it got to. */
  const writeMessage = (connection: Connection, message: RealtimeMessage, text: string): boolean => {
    const id = notificationIdOf(message);
    if (id !== undefined && connection.recentIds.has(id)) return true;
    if (!write(connection, text)) return false;
    if (id !== undefined) {
      connection.lastSent = { id };
      connection.recentIds.add(id);
      if (connection.recentIds.size > RECENT_IDS) connection.recentIds.delete(connection.recentIds.values().next().value as string);
    }
    return true;
  };

  /** Sends unless the socket is a slow reader, which is cut instead of buffered without end. */
  const write = (connection: Connection, text: string): boolean => {
    const { socket } = connection;
    if (connection.phase !== 'admitted' || socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      logger.warn({ user: connection.user, bufferedBytes: socket.bufferedAmount }, 'realtime socket cut: slow reader');
      terminate(connection);
      return false;
    }
    socket.send(text);
    return true;
  };

  const hold = (connection: Connection, message: RealtimeMessage, text: string): boolean => {
    const held = connection.held;
    if (!held) return false;
    if (connection.heldBytes + text.length > limits.maxBufferedBytes) {
      logger.warn({ user: connection.user, heldBytes: connection.heldBytes }, 'realtime socket cut: too much arrived during catch-up');
      terminate(connection);
      return false;
    }
    held.push({ message, text });
    connection.heldBytes += text.length;
    return true;
  };

  /** Closes with a code and reason; a peer that does not finish the handshake is cut after a grace. */
  const shut = (connection: Connection, code: number, reason: string): void => {
    if (connection.phase === 'closing') return;
    unregister(connection);
    connection.phase = 'closing';
    clearTimers(connection);
    if (connection.socket.readyState === WebSocket.OPEN) {
      connection.socket.close(code, reason);
      startTimer(connection, CLOSE_GRACE_MS, () => connection.socket.terminate());
    } else {
      connection.socket.terminate();
    }
  };

  const terminate = (connection: Connection): void => {
    unregister(connection);
    connection.phase = 'closing';
    clearTimers(connection);
    connection.socket.terminate();
  };

  const unregister = (connection: Connection): void => {
    if (!connection.user) return;
    const key = userKey(connection.user);
    const peers = byUser.get(key);
    if (!peers?.delete(connection)) return;
    if (peers.size === 0) byUser.delete(key);
  };

  const forget = (connection: Connection): void => {
    unregister(connection);
    connection.phase = 'closing';
    clearTimers(connection);
    connections.delete(connection);
    if (connections.size === 0) for (const resolve of drained.splice(0)) resolve();
  };

  const startTimer = (connection: Connection, delayMs: number, fire: () => void): void => {
    const timer = setTimeout(
      () => {
        connection.timers.delete(timer);
        if (delayMs > MAX_TIMER_MS) startTimer(connection, delayMs - MAX_TIMER_MS, fire);
        else fire();
      },
      Math.min(delayMs, MAX_TIMER_MS),
    );
    timer.unref();
    connection.timers.add(timer);
  };

  const clearTimers = (connection: Connection): void => {
    for (const timer of connection.timers) clearTimeout(timer);
    connection.timers.clear();
  };

  // The ws README's heartbeat: a peer that has not answered the previous ping is gone (a dead
  // network path never delivers a close), and is cut.
  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        logger.debug({ user: connection.user }, 'realtime socket cut: no pong');
        terminate(connection);
        continue;
      }
      connection.alive = false;
      if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  server.on('upgrade', onUpgrade);

  return {
    deliver(user, message) {
      const peers = byUser.get(userKey(user));
      if (!peers) return 0;
      const text = JSON.stringify(message);
      let taken = 0;
      for (const connection of [...peers]) {
        if (connection.held ? hold(connection, message, text) : writeMessage(connection, message, text)) taken += 1;
      }
      return taken;
    },
    markGap() {
      for (const connection of connections) if (connection.phase === 'admitted') connection.gapFrom ??= connection.lastSent;
    },
    resync() {
      for (const connection of connections) {
        const { user } = connection;
        if (connection.phase !== 'admitted' || !user || connection.held) continue;
        const since = connection.gapFrom ?? connection.lastSent;
        connection.gapFrom = null;
        connection.held = [];
        void catchUp(connection, user, since);
      }
    },
    stats() {
      let sockets = 0;
      for (const peers of byUser.values()) sockets += peers.size;
      return { sockets, users: byUser.size };
    },
    async close() {
      if (!closing) {
        closing = true;
        clearInterval(heartbeat);
        server.off('upgrade', onUpgrade);
      }
      const gone = connections.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve));
      for (const connection of [...connections]) shut(connection, REALTIME_CLOSE.goingAway, 'server shutting down');
      await gone;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A user's sockets; JSON of the pair, so no (company, user) pair can spell another's key. */
function userKey(user: RealtimeUser): string {
  return JSON.stringify([user.companyId, user.userId]);
}

function requestUrl(request: IncomingMessage): URL | undefined {
  try {
    return new URL(request.url ?? '/', 'http://realtime.invalid');
  } catch {
    return undefined;
  }
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `{"type":"auth","token":"…","since"?:"…"}`, or undefined for anything else. */
function parseAuthMessage(text: string): { token: string; since: RealtimeSince | undefined } | undefined {
  const body = parseJsonObject(text);
  if (body?.type !== 'auth' || typeof body.token !== 'string' || body.token === '') return undefined;
  if (body.since === undefined || body.since === null) return { token: body.token, since: undefined };
  if (typeof body.since !== 'string') return undefined;
  const since = parseSince(body.since);
  return since === 'invalid' ? undefined : { token: body.token, since };
}

function isPing(text: string): boolean {
  return parseJsonObject(text)?.type === 'ping';
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}/;
const NOTIFICATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A notification id or an ISO-8601 time. Anything opening like a date must be a whole time with
 * its offset (a local time would depend on the server's zone); UUIDs never open that way.
 */
export function parseSince(raw: string): RealtimeSince | 'invalid' {
  if (LOOKS_LIKE_DATE.test(raw)) {
    const at = new Date(raw);
    return ISO_TIME.test(raw) && !Number.isNaN(at.getTime()) && isCalendarDate(raw) ? { at } : 'invalid';
  }
  return NOTIFICATION_ID.test(raw) ? { id: raw } : 'invalid';
}

/** Date parsing rolls 2025-02-30 over into March; such a day is a typo, not a time. */
function isCalendarDate(raw: string): boolean {
  const [year, month, day] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
