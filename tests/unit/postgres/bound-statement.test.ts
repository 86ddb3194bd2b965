// MikroORM's placeholders read as its own `formatQuery` reads them, turned into bind parameters.
import { raw } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { bindStatement } from '../../../adapters/postgres/bound-statement';

const platform = new PostgreSqlPlatform();
const bind = (sql: string, params: unknown[]) => bindStatement(sql, params, (name) => platform.quoteIdentifier(name));

describe('bindStatement', () => {
  it('leaves every value out of the text, one placeholder per value', () => {
    expect(bind('select * from users where id = ? and email = ?', ["a;b' --", 'x@y.z'])).toEqual({
      sql: 'select * from users where id = ? and email = ?',
      bindings: ["a;b' --", 'x@y.z'],
    });
  });

  it('expands a list into one placeholder per item, as `formatQuery` expands it into literals', () => {
    expect(bind('select 1 where id in (?) and n = ?', [['a', 'b;c', 'd'], 3])).toEqual({ sql: 'select 1 where id in (?, ?, ?) and n = ?', bindings: ['a', 'b;c', 'd', 3] });
  });

  it('writes identifiers (`??`) quoted into the text and keeps an escaped `\\?` as it is', () => {
    expect(bind('select ?? from t where a \\? ? and b = ?', ['weird"name', 'k', 'v'])).toEqual({
      sql: 'select "weird""name" from t where a \\? ? and b = ?',
      bindings: ['k', 'v'],
    });
  });

  it('sends JSON values as their text, dates as UTC ISO strings and undefined as null', () => {
    const json = platform.cloneEmbeddable([1, { a: 'b' }]);
    const at = new Date('2026-12-06T10:00:00+02:00');
    expect(bind('insert into t values (?, ?, ?, ?)', [{ k: "v'" }, json, at, undefined]).bindings).toEqual(['{"k":"v\'"}', '[1,{"a":"b"}]', '2026-12-06T08:00:00.000Z', null]);
  });

  it('splices a raw fragment in with its own placeholders, in order', () => {
    expect(bind('select ? , ?', ['first', raw('lower(?)', ['Mixed;Case'])])).toEqual({ sql: 'select ? , lower(?)', bindings: ['first', 'Mixed;Case'] });
  });

  it('leaves a statement without values untouched, question marks included', () => {
    expect(bind("select '?' as q; select 2", [])).toEqual({ sql: "select '?' as q; select 2", bindings: [] });
  });
});
