// The knowledge graph on Neo4j (SPEC §3.5). Cypher gathers each candidate's terms; the exact scores,
// evidence and order are finished here as the port defines them, so Neo4j and the embedded graph answer alike.
import neo4j, { type Driver, type EagerResult, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import type {
  GraphCandidate,
  GraphCategory,
  GraphProduct,
  ProductQuery,
  PurchaseEdge,
  RecommendationGraph,
  Trait,
  UserQuery,
  WeightedInterest,
} from '../../application/ports/recommendation-graph';
import { BUYER_SAMPLE, CATEGORY_WEIGHT, evidenceWeight, strongestEvidence, topCandidates, TRAIT_WEIGHT, type Evidence } from '../../domain/recommendations/candidate';
import { traitKey } from '../../domain/recommendations/product-traits';
import * as cypher from './cypher';

export interface Neo4jRecommendationGraphOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Default: the user's home database on the server. */
  readonly database?: string;
  /** Connecting (handshake included) longer than this fails. Default 3,000 ms. */
  readonly connectionTimeoutMs?: number;
}

/** Keeps one statement's rows (and the server memory they take) bounded on a large rebuild batch. */
const ROWS_PER_STATEMENT = 1_000;
/** Nodes one clearCompany transaction deletes. */
const DELETE_BATCH = 5_000;

/**
 * Rows a read fetches for `limit` answers. Cypher sums a candidate's terms in its own order, so
 * near-equal scores may round apart differently there than in the exact sums computed here; the
 * margin lets the exact order pick the top `limit` among them.
 */
const fetchFor = (limit: number) => neo4j.int(limit * 2 + 10);

interface CoPurchaseRow {
  productId: string;
  buyers: number;
  terms: { via: string; together: number; viaBuyers: number }[];
}

type InterestTerm =
  | { kind: 'interest'; dimension: string; value: string; weight: number; position: number }
  | { kind: 'category'; categoryId: string; name: string; inCategory: number; total: number };

interface InterestRow {
  productId: string;
  buyers: number;
  terms: InterestTerm[];
}

interface SimilarRow {
  productId: string;
  buyers: number;
  together: number;
  sourceBuyers: number;
  traits: { dimension: string; value: string; position: number }[];
}

export class Neo4jRecommendationGraph implements RecommendationGraph {
  private readonly driver: Driver;
  private readonly database: string | undefined;

  constructor(options: Neo4jRecommendationGraphOptions) {
    // Integers come back as JS numbers: every count here is far below 2^53.
    // A bounded connect keeps a server that accepts and never answers from holding start-up
    // retries and shutdown (close waits for connections being opened).
    this.driver = neo4j.driver(options.url, neo4j.auth.basic(options.user, options.password), {
      disableLosslessIntegers: true,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      connectionAcquisitionTimeout: options.connectionTimeoutMs ?? 3_000,
    });
    this.database = options.database;
  }

  async ensureSchema(): Promise<void> {
    // One statement per transaction: Neo4j does not mix schema commands in one.
    for (const statement of cypher.SCHEMA_STATEMENTS) await this.driver.executeQuery(statement, {}, { database: this.database });
  }

  async ping(): Promise<void> {
    await this.driver.verifyConnectivity({ database: this.database });
  }

  /** Closes the driver and its connections; the graph cannot be used after. */
  async close(): Promise<void> {
    await this.driver.close();
  }

  async upsertCategories(companyId: string, categories: readonly GraphCategory[]): Promise<void> {
    const rows = lastOf(categories, (c) => c.id).map(({ id, name }) => ({ id, name }));
    await this.write((tx) => unwind(tx, cypher.UPSERT_CATEGORIES, { companyId }, rows));
  }

  async upsertProducts(companyId: string, products: readonly GraphProduct[]): Promise<void> {
    const latest = lastOf(products, (p) => p.id);
    const categories = latest.flatMap((p) => (p.categoryId ? [{ productId: p.id, categoryId: p.categoryId }] : []));
    const traits = latest.flatMap((p) =>
      distinctTraits(p.traits).map((t, position) => ({ productId: p.id, ...interestKey(t), value: t.value, position: neo4j.int(position) })),
    );
    await this.write(async (tx) => {
      await unwind(tx, cypher.UPSERT_PRODUCTS, { companyId }, latest.map(({ id, available }) => ({ id, available })));
      await unwind(tx, cypher.LINK_PRODUCT_CATEGORIES, { companyId }, categories);
      await unwind(tx, cypher.ADD_PRODUCT_TRAITS, { companyId }, traits);
    });
  }

  async setPurchases(companyId: string, purchases: readonly PurchaseEdge[]): Promise<void> {
    const latest = lastOf(purchases, (p) => JSON.stringify([p.userId, p.productId]));
    const kept = latest
      .filter((p) => p.count > 0)
      .map((p) => ({ userId: p.userId, productId: p.productId, count: neo4j.int(p.count), lastAt: p.lastAt.toISOString() }));
    const removed = latest.filter((p) => p.count <= 0).map(({ userId, productId }) => ({ userId, productId }));
    await this.write(async (tx) => {
      await unwind(tx, cypher.SET_PURCHASES, { companyId }, kept);
      await unwind(tx, cypher.REMOVE_PURCHASES, { companyId }, removed);
    });
  }

  async setInterests(companyId: string, userId: string, interests: readonly WeightedInterest[]): Promise<void> {
    const rows = distinctTraits(interests).map((i, position) => ({
      ...interestKey(i),
      value: i.value,
      weight: i.weight,
      position: neo4j.int(position),
    }));
    await this.write(async (tx) => {
      await tx.run(cypher.CLEAR_INTERESTS, { companyId, userId });
      await unwind(tx, cypher.ADD_INTERESTS, { companyId, userId }, rows);
    });
  }

  async clearCompany(companyId: string): Promise<void> {
    const batches = [cypher.DELETE_USERS, cypher.DELETE_PRODUCTS, cypher.DELETE_CATEGORIES, cypher.DELETE_INTERESTS];
    for (const statement of batches) {
      let deleted: number;
      do {
        const { records } = await this.driver.executeQuery<EagerResult<{ deleted: number }>>(
          statement,
          { companyId, batchSize: neo4j.int(DELETE_BATCH) },
          { database: this.database },
        );
        deleted = records[0]?.get('deleted') ?? 0;
      } while (deleted === DELETE_BATCH);
    }
  }

  async coPurchases({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const rows = await this.read<CoPurchaseRow>(cypher.CO_PURCHASES, { companyId, userId, buyerSample: neo4j.int(BUYER_SAMPLE), fetch: fetchFor(limit) });
    return topCandidates(rows.map(coPurchaseCandidate), limit);
  }

  async interestMatches({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const parameters = { companyId, userId, categoryWeight: CATEGORY_WEIGHT, fetch: fetchFor(limit) };
    const rows = await this.read<InterestRow>(cypher.INTEREST_MATCHES, parameters);
    return topCandidates(rows.map(interestCandidate), limit);
  }

  async popular({ companyId, userId, limit }: UserQuery): Promise<readonly GraphCandidate[]> {
    const rows = await this.read<{ productId: string; buyers: number }>(cypher.POPULAR, { companyId, userId, fetch: fetchFor(limit) });
    return topCandidates(rows.map(({ productId, buyers }) => ({ productId, score: buyers, buyers, evidence: [{ kind: 'popular', buyers }] })), limit);
  }

  async similar({ companyId, productId, limit }: ProductQuery): Promise<readonly GraphCandidate[]> {
    const parameters = { companyId, productId, traitWeight: TRAIT_WEIGHT, buyerSample: neo4j.int(BUYER_SAMPLE), fetch: fetchFor(limit) };
    const rows = await this.read<SimilarRow>(cypher.SIMILAR, parameters);
    return topCandidates(rows.map((row) => similarCandidate(productId, row)), limit);
  }

  private async read<Row extends RecordShape>(statement: string, parameters: Record<string, unknown>): Promise<Row[]> {
    const { records } = await this.driver.executeQuery<EagerResult<Row>>(statement, parameters, {
      database: this.database,
      routing: neo4j.routing.READ,
    });
    return records.map((record) => record.toObject());
  }

  /** One transaction per port call, so a failed batch leaves the graph as it was (and is retried whole). */
  private async write(work: (tx: ManagedTransaction) => Promise<void>): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }
}

async function unwind(tx: ManagedTransaction, statement: string, parameters: Record<string, unknown>, rows: readonly object[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await tx.run(statement, { ...parameters, rows: rows.slice(start, start + ROWS_PER_STATEMENT) });
  }
}

/** The last item per key, in first-seen order: what applying the items one by one leaves. */
function lastOf<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/** One trait per traitKey, the last spelling winning, as the embedded graph keeps them. */
const distinctTraits = <T extends Trait>(traits: readonly T[]): T[] => lastOf(traits, (t) => traitKey(t.dimension, t.value));

/** The Interest node's identity: the same (dimension, trimmed lower-cased value) that `traitKey` compares. */
const interestKey = ({ dimension, value }: Trait) => ({ dimension, key: value.trim().toLowerCase() });

const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;

function coPurchaseCandidate({ productId, buyers, terms }: CoPurchaseRow): GraphCandidate {
  // The embedded graph visits the bought products in id order; summing in that order gives the same floats.
  const ordered = [...terms].sort((a, b) => (a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
  let score = 0;
  let strongest = { via: '', strength: -Infinity };
  for (const { via, together, viaBuyers } of ordered) {
    const strength = together / Math.sqrt(viaBuyers * buyers);
    score += strength;
    if (strength > strongest.strength) strongest = { via, strength };
  }
  return { productId, score, buyers, evidence: [{ kind: 'co_purchase', productId: strongest.via, strength: strongest.strength }] };
}

function interestCandidate({ productId, buyers, terms }: InterestRow): GraphCandidate {
  const interests: Evidence[] = terms
    .flatMap((t) => (t.kind === 'interest' ? [t] : []))
    .sort(byPosition)
    .map(({ dimension, value, weight }) => ({ kind: 'interest', dimension, value, weight }));
  const categories: Evidence[] = terms.flatMap((t) =>
    t.kind === 'category' ? [{ kind: 'category', categoryId: t.categoryId, name: t.name, weight: (CATEGORY_WEIGHT * t.inCategory) / t.total }] : [],
  );
  // Interests first, then the category: the order the embedded graph credits them in.
  const evidence = [...interests, ...categories];
  const score = evidence.reduce((sum, e) => sum + evidenceWeight(e), 0);
  return { productId, score, buyers, evidence: evidence.sort(strongestEvidence) };
}

function similarCandidate(source: string, { productId, buyers, together, sourceBuyers, traits }: SimilarRow): GraphCandidate {
  const strength = together > 0 ? together / Math.sqrt(sourceBuyers * buyers) : 0;
  const shared: Evidence[] = [...traits].sort(byPosition).map(({ dimension, value }) => ({ kind: 'trait', dimension, value }));
  const evidence: Evidence[] = strength > 0 ? [{ kind: 'co_purchase', productId: source, strength }, ...shared] : shared;
  return { productId, score: strength + TRAIT_WEIGHT * traits.length, buyers, evidence };
}
