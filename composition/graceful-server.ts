import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from '../adapters/http/client-error';

export interface GracefulServer {
  /** The Node server, for what attaches to it beside the handler (the WebSocket upgrade). */
  readonly httpServer: Server;
  listen(port: number): Promise<number>;
  /** Stops accepting, waits for in-flight requests (up to `timeoutMs`), then drops what is left. */
  close(timeoutMs: number): Promise<void>;
}

const SWEEP_MS = 50;

export function gracefulServer(handler: (req: IncomingMessage, res: ServerResponse) => void): GracefulServer {
  let closing = false;
  // A request arriving on a kept-alive socket while closing is answered and the socket closed.
  const server = createServer((req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    handler(req, res);
  });
  // A request the parser refuses (431, 400) still gets the error shape and an X-Request-Id.
  server.on('clientError', answerClientError);
  return {
    httpServer: server,
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
        // Idle keep-alive sockets would hold close() open; a busy one is closed once its
        // response is out and it turns idle, so the sweep repeats until the server has closed.
        const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
        sweep.unref();
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
