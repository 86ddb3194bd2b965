// The MikroORM drivers the store runs on: PostgreSQL through `pg`, and PGlite in process through
// mikro-orm-pglite. Both send every statement with its values as bind parameters (MikroORM 6
// would format them into the SQL text) and let no value out in an error.
import type { PGliteInterface } from '@electric-sql/pglite';
import type { AnyEntity, Configuration, EntityData, LoggingOptions, Transaction } from '@mikro-orm/core';
import type {
  AbstractSqlConnection} from '@mikro-orm/postgresql';
import {
  AbstractSqlDriver,
  PostgreSqlConnection,
  PostgreSqlKnexDialect,
  PostgreSqlPlatform,
  type Knex,
  type QueryResult,
} from '@mikro-orm/postgresql';
import { PGliteConnection, PGliteKnexDialect } from 'mikro-orm-pglite';
import { bindStatement } from './bound-statement';
import { describeFailedStatement, scrubDriverError } from './store-errors';

type Method = 'all' | 'get' | 'run';
type Executed = QueryResult | EntityData<AnyEntity> | EntityData<AnyEntity>[];
type KnexStatement = Knex.QueryBuilder | Knex.Raw;
type DialectClass = abstract new (...args: never[]) => object;
// A mixin's base class must be constructible with any arguments (TS2545).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConnectionClass = abstract new (...args: any[]) => AbstractSqlConnection;

function bindingParameters<Base extends ConnectionClass>(base: Base, dialect: DialectClass) {
  abstract class BoundConnection extends base {
    /** The connection's own knex client, built on `dialect` (a class, typed as a name by MikroORM). */
    protected override createKnexClient(): Knex {
      return super.createKnexClient(dialect as unknown as string);
    }

    /** As `AbstractSqlConnection.execute`, but the values travel as bind parameters. */
    override async execute<T extends Executed = EntityData<AnyEntity>[]>(
      queryOrKnex: string | KnexStatement,
      params: unknown[] = [],
      method: Method = 'all',
      ctx?: Transaction,
      loggerContext?: LoggingOptions,
    ): Promise<T> {
      await this.ensureConnection();
      const given = typeof queryOrKnex === 'string' ? { sql: queryOrKnex, bindings: params, ctx } : fromKnex(queryOrKnex, ctx);
      const sql = this.config.get('onQuery')(given.sql, [...given.bindings]);
      const bound = bindStatement(sql, given.bindings, (name) => this.platform.quoteIdentifier(name));
      return this.executeQuery(
        bound.sql,
        async () => {
          const knex = this.getKnex();
          // Without values the text goes as it is: knex would otherwise read a `?` in it as a placeholder.
          const query = bound.bindings.length === 0 ? knex.raw(bound.sql) : knex.raw(bound.sql, bound.bindings as Knex.RawBinding[]);
          if (given.ctx) void query.transacting(given.ctx as Knex.Transaction);
          try {
            return this.transformRawResult<T>(await query, method);
          } catch (error) {
            throw describeFailedStatement(error, bound.sql);
          }
        },
        { query: bound.sql, ...loggerContext },
      );
    }
  }
  return BoundConnection;
}

/** A knex builder's SQL and values; a builder made inside a transaction runs in it. */
function fromKnex(statement: KnexStatement, ctx: Transaction | undefined): { sql: string; bindings: readonly unknown[]; ctx: Transaction | undefined } {
  const { sql, bindings } = statement.toSQL();
  const transacting = (statement as unknown as { client: { transacting?: boolean } }).client.transacting;
  return { sql, bindings: bindings ?? [], ctx: ctx ?? (transacting ? (statement as unknown as Transaction) : undefined) };
}

class PostgreSqlStatementDialect extends PostgreSqlKnexDialect {
  async _query(connection: unknown, obj: unknown): Promise<unknown> {
    try {
      return (await super._query(connection, obj)) as unknown;
    } catch (error) {
      throw scrubDriverError(error);
    }
  }
}

type PGliteQuery = Parameters<PGliteKnexDialect['_query']>[1];

class PGliteStatementDialect extends PGliteKnexDialect {
  /**
   * mikro-orm-pglite sends any text with two `;`-separated parts through PGlite's `exec`, which
   * takes no parameters; only a script without values (a migration) goes there now.
   */
  override async _query(connection: PGliteInterface, obj: PGliteQuery): Promise<PGliteQuery> {
    const { sql } = obj;
    if (!sql) throw new Error('The statement is empty');
    const bindings = (obj.bindings ?? []) as unknown[];
    try {
      obj.response = bindings.length === 0 && isScript(sql) ? await connection.exec(sql) : await connection.query(sql, bindings);
      return obj;
    } catch (error) {
      throw scrubDriverError(error);
    }
  }
}

const isScript = (sql: string): boolean => sql.split(';').filter((part) => part.trim().length > 0).length > 1;

export class BoundPostgreSqlConnection extends bindingParameters(PostgreSqlConnection, PostgreSqlStatementDialect) {}
export class BoundPGliteConnection extends bindingParameters(PGliteConnection, PGliteStatementDialect) {}

export class PostgreSqlStoreDriver extends AbstractSqlDriver<BoundPostgreSqlConnection, PostgreSqlPlatform> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), BoundPostgreSqlConnection, ['knex', 'pg']);
  }
}

export class PGliteStoreDriver extends AbstractSqlDriver<BoundPGliteConnection, PostgreSqlPlatform> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), BoundPGliteConnection, ['knex', '@electric-sql/pglite']);
  }
}
