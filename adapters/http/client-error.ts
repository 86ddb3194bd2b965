// The answer to a request Node's HTTP parser refuses before Koa sees it (an oversized request
// line or header block, bytes that are not HTTP/1.1): Node would send a bare status line; this
// sends the SPEC §2 error shape and an X-Request-Id, written on the raw socket since there is
// no request or response object yet.
import { randomUUID } from 'node:crypto';
import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './error-to-http';

interface RawAnswer {
  readonly status: number;
  readonly reason: string;
  readonly code: string;
  readonly message: string;
}

/** By Node's error code (llhttp's `HPE_*`); any other parse error is malformed HTTP. */
const ANSWERS: Readonly<Record<string, RawAnswer>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large',
    message: `The request line and headers together exceed ${maxHeaderSize} bytes`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413, reason: 'Payload Too Large', code: 'payload_too_large', message: 'The chunk extensions are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'The request did not arrive in time',
  },
};
const MALFORMED: RawAnswer = { status: 400, reason: 'Bad Request', code: 'malformed_request', message: 'The request is not well-formed HTTP/1.1' };

/** A `clientError` listener for an `http.Server`: answers with the error shape, then closes the connection. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset peer cannot read an answer; one already being answered must not get a second.
  if (error.code === 'ECONNRESET' || !socket.writable || answering(socket)) {
    socket.destroy();
    return;
  }
  socket.end(rawResponse(ANSWERS[error.code ?? ''] ?? MALFORMED), () => socket.destroy());
}

function rawResponse(answer: RawAnswer): string {
  const body = JSON.stringify(errorBody({ code: answer.code, message: answer.message }));
  return [
    `HTTP/1.1 ${answer.status} ${answer.reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${randomUUID()}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Whether a response on this connection has started; Node's own default handler checks the same. */
function answering(socket: Duplex): boolean {
  return (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
}
