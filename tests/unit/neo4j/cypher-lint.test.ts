// Lints every statement the Neo4j graph can send, without a server: syntax, variable scope, known
// functions and the graph model of SPEC §3.5, in both Cypher versions a Neo4j 5 or 2025 server speaks.
import { allCypherVersions, lintCypherQuery, testData, type CypherVersion, type DbSchema } from '@neo4j-cypher/language-support';
import { describe, expect, it } from 'vitest';
import { ALL_STATEMENTS, SCHEMA_STATEMENTS } from '../../../adapters/neo4j/cypher';

const ERROR = 1;
const WARNING = 2;

// The built-in functions only: the package's sample registry also lists APOC and GDS, which a
// plain server lacks, so a call to them must show up as unknown.
const builtIn = Object.fromEntries(
  Object.entries(testData.mockSchema.functions ?? {}).map(([version, functions]) => [
    version,
    Object.fromEntries(Object.entries(functions ?? {}).filter(([name]) => !/^(apoc|gds)\./.test(name))),
  ]),
);

const schema = (defaultLanguage: CypherVersion): DbSchema => ({
  defaultLanguage,
  labels: ['User', 'Product', 'Category', 'Interest'],
  relationshipTypes: ['PURCHASED', 'INTERESTED_IN', 'BELONGS_TO', 'HAS_TRAIT'],
  // The graph's properties, then the fields of `$rows` entries, which the linter reads as property keys too.
  propertyKeys: ['companyId', 'id', 'available', 'name', 'dimension', 'key', 'value', 'count', 'lastAt', 'weight', 'position'].concat([
    'userId',
    'productId',
    'categoryId',
  ]),
  parameters: { companyId: 'c', userId: 'u', productId: 'p', rows: [], batchSize: 1, fetch: 1, buyerSample: 1, traitWeight: 0.1, categoryWeight: 0.5 },
  functions: builtIn,
});

const lint = (statement: string, version: CypherVersion) =>
  lintCypherQuery(statement, schema(version)).diagnostics.map(({ severity, message }) => ({ severity, message }));

const named = Object.entries(ALL_STATEMENTS);

describe('Neo4j Cypher statements', () => {
  it('are listed, each once', () => {
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(Object.values(ALL_STATEMENTS)).size).toBe(named.length);
    for (const statement of SCHEMA_STATEMENTS) expect(Object.values(ALL_STATEMENTS)).toContain(statement);
  });

  describe.each(allCypherVersions as CypherVersion[])('in %s', (version) => {
    it.each(named)('%s lints without errors or warnings', (_name, statement) => {
      const diagnostics = lint(statement, version);
      expect(diagnostics.filter((d) => d.severity === ERROR)).toEqual([]);
      // Warnings name deprecated syntax and unknown labels, types, properties or parameters.
      expect(diagnostics.filter((d) => d.severity === WARNING)).toEqual([]);
    });
  });

  it.each(named.filter(([, statement]) => !SCHEMA_STATEMENTS.includes(statement)))('%s is scoped by $companyId', (_name, statement) => {
    expect(statement).toMatch(/\$companyId\b/);
  });

  it.each(SCHEMA_STATEMENTS.map((statement) => [statement]))('%s keys on companyId', (statement) => {
    // Schema commands take no parameters; carrying companyId in every key is how they stay per company.
    expect(statement).toMatch(/IF NOT EXISTS FOR \(n:\w+\) (REQUIRE|ON) \(n\.companyId\b/);
  });

  it('catches a broken statement, an unknown variable, function or label', () => {
    const [version] = allCypherVersions as CypherVersion[];
    const severities = (statement: string) => lint(statement, version!).map((d) => d.severity);
    expect(severities('MATCH (p:Product {companyId: $companyId} RETRN p')).toContain(ERROR);
    expect(severities('MATCH (p:Product {companyId: $companyId}) RETURN q')).toContain(ERROR);
    expect(severities('MATCH (p:Product {companyId: $companyId}) RETURN apoc.coll.sort([p.id])')).toContain(ERROR);
    expect(severities('MATCH (p:Prodcut {companyId: $companyId}) RETURN p')).toContain(WARNING);
  });
});
