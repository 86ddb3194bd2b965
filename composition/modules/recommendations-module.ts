// The knowledge graph and what reads it (SPEC §3.5). Neo4j when NEO4J_URL is set, behind a
// circuit breaker; otherwise the embedded graph, rebuilt from the store when the process starts.
import { ContainerModule, type Container } from 'inversify';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { CacheAside } from '../../application/cache/cache-aside';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { RebuildJobRepository } from '../../application/ports/rebuild-job-repository';
import type { RecommendationGraph } from '../../application/ports/recommendation-graph';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { GetRecommendations } from '../../application/recommendations/get-recommendations';
import { GetSimilarProducts } from '../../application/recommendations/get-similar-products';
import { ProjectInterests, ProjectProduct, ProjectPurchases } from '../../application/recommendations/graph-projection';
import { GraphRebuilds } from '../../application/recommendations/graph-rebuilds';
import { RebuildGraph } from '../../application/recommendations/rebuild-graph';
import type { HeartbeatTiming } from '../../application/recommendations/rebuild-heartbeat';
import { recommendationRoutes } from '../../adapters/http/routes/recommendation-routes';
import type { RouteSpec } from '../../adapters/http/route';
import type { ReadinessCheck } from '../../adapters/http/server';
import { InMemoryRecommendationGraph } from '../../adapters/memory/in-memory-recommendation-graph';
import { Neo4jRecommendationGraph } from '../../adapters/neo4j/neo4j-recommendation-graph';
import { CircuitBreakingRecommendationGraph } from '../../adapters/resilience/circuit-breaking-recommendation-graph';
import type { Config } from '../config';
import { TOKENS } from '../tokens';

const { UnitOfWork: UOW, Clock: CLOCK, Ids: IDS, RecommendationGraph: GRAPH, CacheAside: CACHE } = TOKENS;

function openGraph(config: Config, registry: Registry, log: Logger): RecommendationGraph {
  if (!config.NEO4J_URL) return new InMemoryRecommendationGraph();
  const open = new Gauge({ name: 'graph_circuit_open', help: '1 while the graph circuit breaker is open', registers: [registry] });
  const neo4j = new Neo4jRecommendationGraph({
    url: config.NEO4J_URL,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
  return new CircuitBreakingRecommendationGraph(neo4j, {
    timeoutMs: config.GRAPH_TIMEOUT_MS,
    resetMs: config.GRAPH_BREAKER_RESET_MS,
    onStateChange: (state) => {
      open.set(state === 'open' ? 1 : 0);
      log.warn({ state }, 'graph circuit breaker');
    },
  });
}

/**
 * Progress reaches the store at most once a second (and at every phase change), so a rebuild of
 * many small batches does not write a row per batch; the lease is renewed four times per lease.
 */
const rebuildTiming = (config: Config): HeartbeatTiming => ({
  progressEveryMs: 1000,
  beatEveryMs: (config.GRAPH_REBUILD_LEASE_SECONDS * 1000) / 4,
});

export function recommendationsModule(config: Config, logger: Logger): ContainerModule {
  const log = logger.child({ component: 'graph' });
  return new ContainerModule(({ bind }) => {
    bind(GRAPH).toResolvedValue((registry: Registry) => openGraph(config, registry, log), [TOKENS.Metrics]);
    bind(ProjectProduct).toResolvedValue((uow: UnitOfWork, graph: RecommendationGraph, cache: CacheAside) => new ProjectProduct(uow, graph, cache), [UOW, GRAPH, CACHE]);
    bind(ProjectPurchases).toResolvedValue(
      (uow: UnitOfWork, graph: RecommendationGraph, cache: CacheAside) => new ProjectPurchases(uow, graph, cache),
      [UOW, GRAPH, CACHE],
    );
    bind(ProjectInterests).toResolvedValue(
      (uow: UnitOfWork, graph: RecommendationGraph, cache: CacheAside, clock: Clock) => new ProjectInterests(uow, graph, cache, clock),
      [UOW, GRAPH, CACHE, CLOCK],
    );
    bind(RebuildGraph).toResolvedValue(
      (uow: UnitOfWork, graph: RecommendationGraph, cache: CacheAside, clock: Clock) =>
        new RebuildGraph(uow, graph, cache, clock, { skipped: (companyId, row, reason) => log.warn({ err: reason, companyId, row }, 'graph rebuild skipped a row') }),
      [UOW, GRAPH, CACHE, CLOCK],
    );
    // One per process: it knows the jobs this process runs (their heartbeats, and failing them at stop).
    bind(GraphRebuilds).toResolvedValue(
      (rebuild: RebuildGraph, jobs: RebuildJobRepository, ids: IdGenerator, clock: Clock) =>
        new GraphRebuilds(rebuild, jobs, ids, clock, {
          failed: (companyId, error) => log.error({ err: error, companyId }, 'graph rebuild failed'),
          lost: (companyId, jobId) => log.warn({ companyId, jobId }, 'graph rebuild job no longer running in the store (its lease ran out); the rebuild goes on, its ending unrecorded'),
          unrecorded: (companyId, jobId, error) => log.warn({ err: error, companyId, jobId }, 'graph rebuild progress could not be written'),
        }, rebuildTiming(config)),
      [RebuildGraph, TOKENS.RebuildJobs, IDS, CLOCK],
    ).inSingletonScope();
    bind(GetRecommendations).toResolvedValue(
      (uow: UnitOfWork, graph: RecommendationGraph, cache: CacheAside) => new GetRecommendations(uow, graph, cache),
      [UOW, GRAPH, CACHE],
    );
    bind(GetSimilarProducts).toResolvedValue(
      (uow: UnitOfWork, graph: RecommendationGraph, cache: CacheAside) => new GetSimilarProducts(uow, graph, cache),
      [UOW, GRAPH, CACHE],
    );
  });
}

/** Neo4j is reported by `/ready` but does not make the API unready: recommendations fall back to the store. */
export function graphReadiness(container: Container, config: Config): ReadinessCheck[] {
  if (!config.NEO4J_URL) return [];
  const graph = container.get<RecommendationGraph>(GRAPH);
  return [{ name: 'graph:neo4j', critical: false, check: () => graph.ping() }];
}

export function recommendationsHttp(container: Container): RouteSpec[] {
  return recommendationRoutes({
    getRecommendations: container.get(GetRecommendations),
    getSimilarProducts: container.get(GetSimilarProducts),
    graphRebuilds: container.get(GraphRebuilds),
  });
}
