// A TCP proxy in front of a server that a test can tell to hold the server's replies back, and to
// cut every connection. While it holds, what clients send still reaches the server: for a broker,
// the messages arrive and their publisher confirms do not. Deterministic where killing
// connections at the right moment would be a race.
import { connect, createServer, type Socket } from 'node:net';

export interface HoldingProxy {
  readonly port: number;
  /** Stops passing the server's bytes on to the clients; they wait in the server's socket. */
  hold(): void;
  /** Destroys every connection through the proxy, as a network failure would. New connections pass freely. */
  cut(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: { host: string; port: number }): Promise<HoldingProxy> {
  const upstreams = new Set<Socket>();
  const sockets = new Set<Socket>();
  let holding = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = createServer((client) => {
    const upstream = connect(target);
    track(client);
    track(upstream);
    upstreams.add(upstream);
    upstream.on('close', () => {
      upstreams.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => {
      if (!holding) upstream.resume();
    });
    if (holding) upstream.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');

  return {
    port: address.port,
    hold() {
      holding = true;
      for (const upstream of upstreams) upstream.pause();
    },
    cut() {
      holding = false;
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
