// The public API of @partnero-ts/mock: the server, the pipeline it runs, and their options.

export { type AuthDecision, checkAuthorization } from './2-contract/auth.js';
export type { GlobalFaults } from './2-contract/faults.js';
export { MAX_DELAY_MS } from './2-contract/faults.js';
export type { Answer } from './answer.js';
export { type MockOptions, type RunningMock, startMock } from './http/server.js';
export type { MockRequest } from './incoming.js';
export type { StatsSnapshot } from './internal/stats.js';
export { createMockPipeline, type MockPipeline, type PipelineOptions } from './pipeline.js';
export { createProxyPipeline, type ProxyOptions } from './proxy/pipeline.js';
export type {
  ConformanceReport,
  OperationConformance,
  RecordedDifference,
  UnmatchedRequest,
} from './proxy/report.js';
