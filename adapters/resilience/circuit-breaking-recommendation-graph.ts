// Guards a remote graph (SPEC §3.5): a query that does not answer within the timeout, or any
// query while the circuit is open, fails at once with GraphUnavailable, so recommendations fall
// back to the store instead of waiting on Neo4j. Writes pass straight through: the consumers
// that make them retry on their own.
import CircuitBreaker from 'opossum';
import {
  GraphUnavailable,
  type GraphCandidate,
  type GraphCategory,
  type GraphProduct,
  type ProductQuery,
  type PurchaseEdge,
  type RecommendationGraph,
  type UserQuery,
  type WeightedInterest,
} from '../../application/ports/recommendation-graph';

export interface BreakerOptions {
  /** A read slower than this counts as a failure and is answered by the fallback. */
  readonly timeoutMs: number;
  /** How long the circuit stays open before one trial query may pass. */
  readonly resetMs: number;
  /** Told when the circuit opens or closes (logs, metrics). */
  readonly onStateChange?: (state: 'open' | 'half_open' | 'closed') => void;
}

export class CircuitBreakingRecommendationGraph implements RecommendationGraph {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    private readonly inner: RecommendationGraph,
    options: BreakerOptions,
  ) {
    this.breaker = new CircuitBreaker((query: () => Promise<unknown>) => query(), {
      timeout: options.timeoutMs,
      resetTimeout: options.resetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
    });
    this.breaker.on('open', () => options.onStateChange?.('open'));
    this.breaker.on('halfOpen', () => options.onStateChange?.('half_open'));
    this.breaker.on('close', () => options.onStateChange?.('closed'));
  }

  get isOpen(): boolean {
    return this.breaker.opened;
  }

  private async guarded<T>(query: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(query)) as T;
    } catch (error) {
      if (error instanceof GraphUnavailable) throw error;
      const code = (error as { code?: unknown }).code;
      const why = code === 'EOPENBREAKER' ? 'the graph circuit is open' : code === 'ETIMEDOUT' ? 'the graph did not answer in time' : String(error);
      throw new GraphUnavailable(why, { cause: error });
    }
  }

  ensureSchema(): Promise<void> {
    return this.inner.ensureSchema();
  }

  ping(): Promise<void> {
    return this.guarded(() => this.inner.ping());
  }

  upsertCategories(companyId: string, categories: readonly GraphCategory[]): Promise<void> {
    return this.inner.upsertCategories(companyId, categories);
  }

  upsertProducts(companyId: string, products: readonly GraphProduct[]): Promise<void> {
    return this.inner.upsertProducts(companyId, products);
  }

  setPurchases(companyId: string, purchases: readonly PurchaseEdge[]): Promise<void> {
    return this.inner.setPurchases(companyId, purchases);
  }

  setInterests(companyId: string, userId: string, interests: readonly WeightedInterest[]): Promise<void> {
    return this.inner.setInterests(companyId, userId, interests);
  }

  clearCompany(companyId: string): Promise<void> {
    return this.inner.clearCompany(companyId);
  }

  coPurchases(query: UserQuery): Promise<readonly GraphCandidate[]> {
    return this.guarded(() => this.inner.coPurchases(query));
  }

  interestMatches(query: UserQuery): Promise<readonly GraphCandidate[]> {
    return this.guarded(() => this.inner.interestMatches(query));
  }

  popular(query: UserQuery): Promise<readonly GraphCandidate[]> {
    return this.guarded(() => this.inner.popular(query));
  }

  similar(query: ProductQuery): Promise<readonly GraphCandidate[]> {
    return this.guarded(() => this.inner.similar(query));
  }

  /** Stops the breaker's timers and closes the guarded graph. */
  async close(): Promise<void> {
    this.breaker.shutdown();
    const inner = this.inner as Partial<{ close(): Promise<void> }>;
    if (inner.close) await inner.close.call(this.inner);
  }
}
