// A small fetch wrapper for e2e tests: JSON in, status + JSON (or text) + headers out.
export interface HttpResult<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly token?: string | undefined;
  readonly body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  readonly rawBody?: string | undefined;
  readonly headers?: Record<string, string>;
}

export type Call = <T = any>(method: string, path: string, options?: CallOptions) => Promise<HttpResult<T>>;

/** `path` starting with `/api/v1` or a system path such as `/health`. */
export function httpClient(baseUrl: string): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: response.status, body: parsed, headers: response.headers };
  };
}
