// A statement and its values, kept apart all the way to the database. MikroORM 6 formats every
// value into the SQL text (`Platform.formatQuery`) before knex sends it; here the same `?`
// placeholders become bind parameters instead, so no value is ever parsed as SQL.
import { JsonProperty, RawQueryFragment, Utils } from '@mikro-orm/core';

export interface BoundStatement {
  /** The SQL with one `?` per binding (`\?` for a literal question mark): its shape, no values. */
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/**
 * Reads MikroORM's placeholders as `formatQuery` does (`?` a value, `??` an identifier, `\?` a
 * literal `?`) and expands them alike: an array is a list of values (`in (?)`), a JSON value is
 * its text, a raw fragment is spliced in with its own placeholders.
 */
export function bindStatement(sql: string, params: readonly unknown[], quoteIdentifier: (name: string) => string): BoundStatement {
  const bindings: unknown[] = [];
  return { sql: splice(sql, params, quoteIdentifier, bindings), bindings };
}

const PLACEHOLDER = /\\\?|\?\?|\?/g;

function splice(sql: string, params: readonly unknown[], quoteIdentifier: (name: string) => string, bindings: unknown[]): string {
  if (params.length === 0) return sql;
  let next = 0;
  return sql.replace(PLACEHOLDER, (match) => {
    if (match === '\\?') return match;
    const value = params[next++];
    if (match === '??') return quoteIdentifier(String(value));
    return placeholdersFor(value, quoteIdentifier, bindings);
  });
}

function placeholdersFor(value: unknown, quoteIdentifier: (name: string) => string, bindings: unknown[]): string {
  if (value instanceof RawQueryFragment) return splice(value.sql, value.params, quoteIdentifier, bindings);
  if (Array.isArray(value) && !isJson(value)) return value.map((item) => placeholdersFor(item, quoteIdentifier, bindings)).join(', ');
  bindings.push(bindingOf(value));
  return '?';
}

function bindingOf(value: unknown): unknown {
  if (value === undefined) return null;
  // Sent in UTC with its offset, so a timestamptz never depends on the session's time zone.
  if (value instanceof Date) return value.toISOString();
  if (Utils.isPlainObject(value) || isJson(value)) return JSON.stringify(value);
  return value;
}

const isJson = (value: unknown): boolean => typeof value === 'object' && value !== null && JsonProperty in value;
