import { describe } from 'vitest';
import { InMemoryRecommendationGraph } from '../../adapters/memory/in-memory-recommendation-graph';
import { recommendationGraphContract } from './recommendation-graph.contract';

describe('RecommendationGraph [embedded]', () => {
  recommendationGraphContract(async () => new InMemoryRecommendationGraph());
});
