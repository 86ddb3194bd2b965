// bench/ws's client side: sockets on `/ws` authenticated as a browser tab does (the token in the
// first message), and a watcher that timestamps each notification as it arrives.
import WebSocket from 'ws';
import { onLanes } from '../ingest/lanes';

const READY_GIVE_UP_MS = 30_000;

const wsUrlOf = (base: string) => `${base.replace(/^http/, 'ws')}/ws`;

/** Opens a socket, sends the auth message, and resolves once the server said `ready`; rejects on a close or error before. */
export function openAuthenticated(base: string, token: string, onMessage?: (text: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrlOf(base), { perMessageDeflate: false });
    let ready = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(`socket not ready: ${why}`));
    };
    const timer = setTimeout(() => fail(`no ready within ${READY_GIVE_UP_MS} ms`), READY_GIVE_UP_MS);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.on('message', (data) => {
      const text = String(data);
      if (!ready) {
        if ((JSON.parse(text) as { type?: string }).type !== 'ready') return fail(`first message ${text.slice(0, 200)}`);
        ready = true;
        clearTimeout(timer);
        resolve(socket);
        return;
      }
      onMessage?.(text);
    });
    socket.on('error', (error) => {
      if (!ready) fail(error.message);
    });
    socket.once('close', (code, reason) => {
      if (!ready) fail(`closed ${code} ${String(reason)}`);
    });
  });
}

/**
 * `count` sockets, `perToken` for each token in turn (the tabs of one signed-in user share its
 * access token), opened `lanes` at a time; resolves once every one is ready.
 */
export async function openMany(base: string, tokens: readonly string[], count: number, perToken: number, lanes: number): Promise<WebSocket[]> {
  if (tokens.length * perToken < count) throw new Error(`${tokens.length} tokens cannot open ${count} sockets at ${perToken} each`);
  const sockets: WebSocket[] = [];
  await onLanes(
    Array.from({ length: count }, (_, i) => async () => {
      sockets.push(await openAuthenticated(base, tokens[Math.floor(i / perToken)]!));
    }),
    lanes,
  );
  return sockets;
}

/** Closes every socket and resolves once all are closed. */
export async function closeAll(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map((socket) =>
      socket.readyState === WebSocket.CLOSED
        ? undefined
        : new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.close();
          }),
    ),
  );
}

export interface Arrival {
  readonly at: number;
  readonly notificationId: string;
  readonly trigger: string;
  readonly productId: string | undefined;
}

/** An authenticated socket that keeps each notification it gets with the `performance.now()` of its arrival. */
export interface Watcher {
  readonly arrivals: readonly Arrival[];
  /** Resolves with the arrival at index `index` once there is one, or with undefined after `timeoutMs`. */
  arrival(index: number, timeoutMs: number): Promise<Arrival | undefined>;
  close(): Promise<void>;
}

export async function openWatcher(base: string, token: string): Promise<Watcher> {
  const arrivals: Arrival[] = [];
  let wake: (() => void) | null = null;
  const socket = await openAuthenticated(base, token, (text) => {
    const at = performance.now();
    const message = JSON.parse(text) as { type: string; notification?: { id: string; trigger: string; data?: { productId?: string } } };
    if (message.type !== 'notification' || !message.notification) return;
    const { id, trigger, data } = message.notification;
    arrivals.push({ at, notificationId: id, trigger, productId: data?.productId });
    wake?.();
  });
  return {
    arrivals,
    async arrival(index, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (arrivals.length <= index) {
        const left = deadline - performance.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
      return arrivals[index];
    },
    close: () => closeAll([socket]),
  };
}
