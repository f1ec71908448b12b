// The public API of @partnero-ts/mock, exactly what its README documents: the server, the
// pipelines it runs, their options, and the shapes of the /__mock/ routes' answers.

export type { Seed } from './generated/seed.js';
export { type MockOptions, type RunningMock, startMock } from './http/server.js';
export type { StatsSnapshot } from './internal/stats.js';
export { createMockPipeline, type MockPipeline, type PipelineOptions } from './pipeline.js';
export { createProxyPipeline, type ProxyOptions } from './proxy/pipeline.js';
export type {
  ConformanceReport,
  OperationConformance,
  RecordedDifference,
  UnmatchedRequest,
} from './proxy/report.js';
