export { type AuthDecision, checkAuthorization } from './auth.js';
export { type FaultPlan, type GlobalFaults, MAX_DELAY_MS, planFaults } from './faults.js';
export { type Preferences, parsePrefer } from './prefer.js';
export { type MockOptions, type RunningMock, startMock } from './server.js';
export type { StatsSnapshot } from './stats.js';
export { type ValidationBody, validationBody } from './validation.js';
