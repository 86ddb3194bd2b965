// A driver's error leaves the store with its SQLSTATE, schema names and statement shape only.
import { describe, expect, it } from 'vitest';
import { describeFailedStatement, scrubDriverError } from '../../../adapters/postgres/store-errors';

/** Shaped as pg and PGlite shape their errors, values where they put them. */
function driverError(code: string, message: string): Error & Record<string, unknown> {
  const error = new Error(message) as Error & Record<string, unknown>;
  return Object.assign(error, {
    code, detail: 'Key (email)=(ann@example.test) already exists.', where: 'SQL function "f" value scrypt$32768$abc',
    hint: 'ann@example.test', params: ['scrypt$32768$abc', 'ann@example.test'], query: "insert … 'ann@example.test'", table: 'users', constraint: 'users_email_unique',
  });
}
const KNEX_PREFIX = `insert into "users" ("email", "password_hash") values ('ann@example.test', 'scrypt$32768$abc') - `;
const leaks = (error: unknown) => /ann@example|scrypt\$/.test(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack }));

describe('store errors', () => {
  it('keeps a message that names schema objects only, and drops every field that holds values', () => {
    const error = driverError('23505', 'duplicate key value violates unique constraint "users_email_unique"');
    scrubDriverError(error);
    error.message = KNEX_PREFIX + error.message; // what knex does on the way up
    describeFailedStatement(error, 'insert into "users" ("email", "password_hash") values (?, ?)');

    expect(error.message).toBe('duplicate key value violates unique constraint "users_email_unique" (SQLSTATE 23505)');
    expect(error).toMatchObject({ code: '23505', table: 'users', constraint: 'users_email_unique', statement: 'insert into "users" ("email", "password_hash") values (?, ?)' });
    expect(error.stack?.split('\n')[0]).toBe(`Error: ${error.message}`);
    expect(leaks(error)).toBe(false);
  });

  it('drops a message of a class that may quote the value (data exceptions)', () => {
    const error = driverError('22P02', 'invalid input syntax for type uuid: "ann@example.test"');
    scrubDriverError(error);
    expect(error.message).toBe('statement failed (SQLSTATE 22P02)');
    expect(leaks(error)).toBe(false);
  });

  it('leaves an error without a SQLSTATE its message (a dropped connection), still without knex\'s prefix', () => {
    const error = new Error('Connection terminated unexpectedly');
    scrubDriverError(error);
    error.message = KNEX_PREFIX + error.message;
    describeFailedStatement(error, 'select 1');
    expect(error.message).toBe('Connection terminated unexpectedly');
  });
});
