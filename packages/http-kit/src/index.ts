export {
  applySecurityHeaders,
  type CheckResult,
  createHttpApp,
  type ErrorTarget,
  finishHttpApp,
  type HttpApp,
  type HttpAppOptions,
  type ReadinessCheck,
  sendError,
} from './app.js';
export { dialectOf, newRequestId, REQUEST_ID_HEADER, requestIdFrom } from './context.js';
export { sendResult, validate } from './respond.js';
export { type HttpServerHandle, onShutdownSignal, serveHttp } from './serve.js';
