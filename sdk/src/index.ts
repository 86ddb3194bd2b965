// @conversion-graph/sdk: track, identify and page events sent to the ingestion API
// (POST /api/v1/events/batch, SPEC §3.9), from browsers and Node ≥ 20, without dependencies.
export { createClient } from './client';
export type { AnalyticsClient, CallOptions, ClientError, ClientOptions, FlushResult } from './client';
export type { EventType, Properties, SdkEvent } from './events';
export type { KeyValueStorage } from './storage';
export type { FetchLike, ResponseLike } from './transport';
