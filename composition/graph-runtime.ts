// Bringing the graph up with the process. The embedded graph is rebuilt from the store before
// the process serves (it keeps nothing across restarts). Neo4j gets its constraints and indexes
// in the background, retried until it answers, so the app starts with Neo4j down.
import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { CompanyRepository } from '../application/ports/company-repository';
import type { RecommendationGraph } from '../application/ports/recommendation-graph';
import type { UnitOfWork } from '../application/ports/unit-of-work';
import { GraphRebuilds } from '../application/recommendations/graph-rebuilds';
import type { Config } from './config';
import { TOKENS } from './tokens';

export interface GraphRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Closable {
  close(): Promise<void>;
}

const closable = (value: unknown): value is Closable => typeof (value as Partial<Closable>).close === 'function';

/** `serves`: this process answers recommendations (the API); a worker only projects into Neo4j. */
export function graphRuntime(container: Container, config: Config, logger: Logger, serves: boolean): GraphRuntime {
  const log = logger.child({ component: 'graph' });
  const graph = container.get<RecommendationGraph>(TOKENS.RecommendationGraph);
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const ensureSchema = async (attempt: number): Promise<void> => {
    try {
      await graph.ensureSchema();
      log.info('graph schema ready');
    } catch (error) {
      if (stopped) return;
      const delayMs = Math.min(30_000, 500 * 2 ** attempt);
      log.warn({ err: error, retryInMs: delayMs }, 'graph unreachable; recommendations fall back to best sellers until it answers');
      retry = setTimeout(() => void ensureSchema(attempt + 1), delayMs);
    }
  };

  const rebuildEmbedded = async (): Promise<void> => {
    const uow = container.get<UnitOfWork>(TOKENS.UnitOfWork);
    const rebuilds = container.get(GraphRebuilds);
    const companies = await uow.read((repos: { companies: CompanyRepository }) => repos.companies.allIds());
    const started = Date.now();
    let failed = 0;
    // A company whose rebuild fails (logged by the job) is served by the popularity fallback
    // until rebuilt; it must not keep every other company, or the whole API, from starting.
    for (const companyId of companies) {
      if ((await rebuilds.run(companyId)).status === 'failed') failed++;
    }
    log.info({ companies: companies.length, failed, ms: Date.now() - started }, 'embedded graph rebuilt from the store');
  };

  return {
    async start() {
      if (config.NEO4J_URL) void ensureSchema(0);
      else if (serves) await rebuildEmbedded();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      // Rebuilds this process runs end here: their jobs are failed now rather than when their lease runs out.
      if (container.isBound(GraphRebuilds)) await container.get(GraphRebuilds).stop();
      if (closable(graph)) await graph.close();
    },
  };
}
