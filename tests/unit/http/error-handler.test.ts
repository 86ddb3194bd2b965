// What the last-resort error handler logs: a 500 logs the request id and the error's shape,
// a body-parser failure logs nothing, and neither carries the request's body or headers.
import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { answerUnhandled } from '../../../adapters/http/middleware/error-handler';
import { createLogger } from '../../../composition/logger';

const EMAIL = 'x@y.z';
const PASSWORD = 'correct horse battery';

function requestWithSecrets(): Context {
  const ctx = {
    state: { requestId: 'req-42' },
    status: 404,
    body: undefined as unknown,
    headers: { authorization: 'Bearer eyJsecret' },
    request: { body: { email: EMAIL, password: PASSWORD } },
  };
  return ctx as unknown as Context;
}

function capture() {
  const lines: string[] = [];
  return { logger: createLogger('info', { write: (line: string) => void lines.push(line) }), lines };
}

describe('answerUnhandled', () => {
  it('logs a store failure with the request id and the error shape only', () => {
    const { logger, lines } = capture();
    const ctx = requestWithSecrets();
    const failure = Object.assign(new Error(`insert into "users" values ('${EMAIL}', 'scrypt$1$2')`), {
      code: '23514', table: 'users', detail: `Failing row contains (${EMAIL}).`, statement: 'insert into "users" values ($1, $2)',
    });
    answerUnhandled(ctx, failure, logger);
    expect([ctx.status, (ctx.body as { error: { code: string } }).error.code]).toEqual([500, 'internal']);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ requestId: 'req-42', err: { code: '23514', table: 'users' } });
    for (const secret of [EMAIL, 'scrypt$', PASSWORD, 'eyJ', 'Failing row']) expect(lines[0]).not.toContain(secret);
  });

  it('logs nothing for a body-parser failure', () => {
    const { logger, lines } = capture();
    for (const failure of [
      Object.assign(new Error('Unexpected token'), { status: 400, body: `{"password":"${PASSWORD}"` }),
      Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }),
      Object.assign(new Error('Unsupported Media Type'), { status: 415 }),
    ]) answerUnhandled(requestWithSecrets(), failure, logger);
    expect(lines).toEqual([]);
  });
});
