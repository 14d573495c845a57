// What a connection needs once it starts a session: everything that comes with the MCP client
// SDK. connection.ts loads this module with the first server that starts (client-sdk.ts says
// why), so nothing here may be imported as a value by code that runs on start-up.
export {
  DEFAULT_REQUEST_TIMEOUT_MSEC,
  SdkHttpError,
  isInputRequiredResult,
} from '@modelcontextprotocol/client';
export { CallClock } from './call-clock.js';
export { ClientRequests } from './client-requests.js';
export { LeanRequests } from './lean-requests.js';
export { ModernSession } from './modern-session.js';
export { fetchLists } from './optional-lists.js';
export { ProcessTransport } from './process-transport.js';
export { taskResultSchema } from './task-schemas.js';
export { createUpstreamClient } from './upstream-client.js';
export { createUpstreamTransport } from './upstream-transport.js';
