import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GracefulServer {
  listen(port: number): Promise<number>;
  /** Stops accepting, waits for in-flight requests (up to `timeoutMs`), then drops what is left. */
  close(timeoutMs: number): Promise<void>;
}

export function gracefulServer(handler: (req: IncomingMessage, res: ServerResponse) => void): GracefulServer {
  const server = createServer(handler);
  // Idle keep-alive sockets would hold close() open; busy ones finish their response first.
  server.on('request', (_req, res) => {
    res.on('finish', () => {
      if (closing) res.socket?.end();
    });
  });
  let closing = false;
  return {
    listen(port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve((server.address() as AddressInfo).port));
      });
    },
    close(timeoutMs) {
      closing = true;
      return new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
