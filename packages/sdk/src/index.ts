export type { Call, RetryPart } from "./call.js";
export {
  createClient,
  createRequestClient,
  type ClientOptions,
  type P3pdClient,
  type RequestClient,
  type RequestClientOptions,
} from "./client.js";
export { retries, type RetriesOptions } from "./retries.js";
export {
  AbortedError,
  AuthenticationError,
  BadUserInputError,
  ForbiddenError,
  graphQLErrorsOf,
  NetworkError,
  P3pdError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  type GraphQLErrorSummary,
  type P3pdErrorDetails,
} from "./errors.js";
export type { ConnectionPath, NodeAt, PageableConnection } from "./connection-types.js";
export type { CallOptions, OperationArgs, RunOperation, VariablesArgs } from "./operation-runner.js";
export { paginate, type Paginate, type PaginateArgs, type Paginated, type PaginateOptions, type PageVariables } from "./paginate.js";
export { readRateLimit, type RateLimit } from "./rate-limit.js";
export type { RetryOptions } from "./retry-policy.js";
export type { TypedDocument, TypedDocumentText } from "./typed-document.js";
export type { OperationMethods } from "./generated/operation-methods.js";
// Result and variable types of every curated operation, its text (registered with its persisted
// hash) and the enums.
export * from "./generated/persisted-documents.js";
export {
  ConflictError,
  InvalidRowsError,
  MutationRefusedError,
  NotFoundError,
  successOf,
  ValidationError,
  type MutationSuccess,
  type RowIssue,
} from "./mutation-result.js";
