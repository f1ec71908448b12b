export { type AuthDecision, checkAuthorization } from './auth.js';
export { type Preferences, parsePrefer } from './prefer.js';
export { type MockOptions, type RunningMock, startMock } from './server.js';
