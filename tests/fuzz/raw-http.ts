// HTTP without a client's help: the path goes out byte for byte (fetch would resolve `../` and
// refuse bad percent-encoding), the body is any bytes, and any content type may be claimed.
import http, { type IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Path and query, already percent-encoded; sent as is. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer | undefined;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A hang guard, not a time limit: no answer in this long means the server is stuck. */
const HANG_GUARD_MS = 60_000;

export class RawHttpClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, concurrency = 1) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  send(request: RawRequest): Promise<RawResponse> {
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        { host: this.url.hostname, port: this.url.port, method: request.method, path: request.path, headers, agent: this.agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
          incoming.on('error', reject);
        },
      );
      outgoing.setTimeout(HANG_GUARD_MS, () => outgoing.destroy(new Error(`no answer within ${HANG_GUARD_MS / 1000} s`)));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** JSON in and out, for setting up fixtures. */
  async json(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await this.send({ method, path, headers, body });
    const text = response.body.toString('utf8');
    const isJson = String(response.headers['content-type'] ?? '').includes('json');
    return { status: response.status, body: isJson && text ? JSON.parse(text) : text };
  }

  close(): void {
    this.agent.destroy();
  }
}
