// The process logger reduces store errors to their shape and censors secret fields, so no
// SQL value, hash, email or token reaches a log line.
import { CheckConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { CENSOR, createLogger, serializeError } from '../../../composition/logger';

const HASH = 'scrypt$32768$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const EMAIL = 'x@y.z';
const DISPLAY_NAME = 'Xavier Why';
const STATEMENT = 'insert into "users" ("id", "email", "password_hash", "display_name") values ($1, $2, $3, $4)';

/** Shaped like pg's DatabaseError after knex prefixed the SQL with its values inlined. */
class DatabaseError extends Error {
  readonly severity = 'ERROR';
  readonly code = '23505';
  readonly detail = `Key (email)=(${EMAIL}) already exists.`;
  readonly hint = `Try another address than ${EMAIL}`;
  readonly where = `SQL statement "insert ... values ('${HASH}')"`;
  readonly schema = 'public';
  readonly table = 'users';
  readonly constraint = 'users_company_email_unique';
  readonly parameters = ['u1', EMAIL, HASH, DISPLAY_NAME];

  constructor(readonly statement?: string) {
    super(
      `insert into "users" ("id", "email", "password_hash", "display_name") values ('u1', '${EMAIL}', '${HASH}', '${DISPLAY_NAME}') ` +
        '- duplicate key value violates unique constraint "users_company_email_unique"',
    );
  }
}

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(''), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function expectNoValues(text: string): void {
  for (const secret of [HASH, 'scrypt$', EMAIL, DISPLAY_NAME, 'already exists', 'Try another']) expect(text).not.toContain(secret);
}

describe('store error serializer', () => {
  it('keeps the code, object names, statement and frames of a MikroORM exception, and no value', () => {
    const error = new UniqueConstraintViolationException(new DatabaseError(STATEMENT));
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({
      type: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'users_company_email_unique',
      table: 'users',
      statement: STATEMENT,
    });
    expect(JSON.stringify(serialized)).toMatch(/"stack":"\s+at /);
    expectNoValues(JSON.stringify(serialized));
  });

  it('logs the shape under err, never the message, detail, hint, where or parameters', () => {
    const { logger, text, records } = capture();
    logger.error({ err: new UniqueConstraintViolationException(new DatabaseError(STATEMENT)), requestId: 'req-1' }, 'unhandled error');
    expect(records()[0]).toMatchObject({ requestId: 'req-1', msg: 'unhandled error', err: { code: '23505', table: 'users', statement: STATEMENT } });
    expectNoValues(text());
    for (const field of ['"message"', '"detail"', '"hint"', '"where"', '"parameters"']) expect(text()).not.toContain(field);
  });

  it('recognises a bare pg DatabaseError and an error caused by one', () => {
    const { logger, text, records } = capture();
    logger.error({ err: new DatabaseError() }, 'bare');
    logger.error({ err: new Error('saving the user failed', { cause: new DatabaseError() }) }, 'wrapped');
    logger.warn({ error: Object.assign(new Error(`outer ${EMAIL}`), { previous: new DatabaseError() }) }, 'previous');
    expect(records().map((r) => (r.err ?? r.error) as Record<string, unknown>)).toMatchObject([
      { type: 'DatabaseError', code: '23505', constraint: 'users_company_email_unique' },
      { type: 'Error', code: '23505', table: 'users' },
      { type: 'Error', code: '23505' },
    ]);
    expect(text()).not.toContain('saving the user failed');
    expectNoValues(text());
  });

  it('recognises any error with a SQLSTATE code, and leaves out the statement when none is attached', () => {
    const error = Object.assign(new Error(`invalid input syntax for type uuid: "${EMAIL}"`), { code: '22P02' });
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({ type: 'DatabaseError', code: '22P02' });
    expect(serialized).not.toHaveProperty('statement');
    expectNoValues(JSON.stringify(serialized));
  });

  it('drops stack lines that come from a multi-line message', () => {
    const forged = new DatabaseError();
    forged.message = `new row violates check constraint\n    at ${HASH}`;
    forged.stack = `Error: ${forged.message}\n    at insertUser (users.ts:1:1)`;
    const serialized = serializeError(new CheckConstraintViolationException(forged));
    expectNoValues(JSON.stringify(serialized));
    expect(JSON.stringify(serialized)).toContain('insertUser');
  });

  it('masks a literal that slipped into the statement', () => {
    const serialized = serializeError(new UniqueConstraintViolationException(new DatabaseError(`insert into "users" values ('${HASH}')`)));
    expect(serialized).toMatchObject({ statement: 'insert into "users" values (?)' });
  });

  it('gives a store error logged without a message a fixed one', () => {
    const { logger, text, records } = capture();
    logger.error(new UniqueConstraintViolationException(new DatabaseError()));
    logger.error({ err: new DatabaseError() });
    expect(records().map((r) => r.msg)).toEqual(['store error', 'store error']);
    expectNoValues(text());
  });

  it('keeps the standard form for other errors and reduces thrown non-errors to their kind', () => {
    const { logger, records } = capture();
    logger.error({ err: Object.assign(new Error('graph unreachable'), { code: 'ECONNREFUSED' }) }, 'graph');
    logger.error({ err: { body: { password: 'hunter2' } } }, 'thrown object');
    expect(records()[0]?.err).toMatchObject({ type: 'Error', message: 'graph unreachable', code: 'ECONNREFUSED' });
    expect(records()[1]?.err).toEqual({ type: 'NonError', kind: 'object' });
  });
});

describe('redaction', () => {
  it('censors secret fields logged by mistake', () => {
    const { logger, text, records } = capture();
    const secrets = {
      password: 'hunter2', newPassword: 'hunter3', passwordHash: HASH, token: 'reset-token-1', accessToken: 'eyJhbGciOi.x.y',
      refreshToken: 'refresh-token-1', secret: 'sdk-secret-1', apiKey: 'cg_live_key', authorization: 'Bearer eyJabc',
      body: { email: EMAIL }, headers: { authorization: 'Bearer eyJdef', 'x-api-key': 'cg_live_key2' },
      req: { headers: { authorization: 'Bearer eyJghi' } },
    };
    logger.info(secrets, 'oops');
    const record = records()[0];
    for (const key of ['password', 'newPassword', 'passwordHash', 'token', 'accessToken', 'refreshToken', 'secret', 'apiKey', 'authorization', 'body']) {
      expect(record?.[key], key).toBe(CENSOR);
    }
    expect(record?.headers).toEqual({ authorization: CENSOR, 'x-api-key': CENSOR });
    expect(record?.req).toEqual({ headers: { authorization: CENSOR } });
    for (const secret of ['hunter', HASH, 'token-1', 'eyJ', 'sdk-secret', 'cg_live', EMAIL]) expect(text()).not.toContain(secret);
  });
});
