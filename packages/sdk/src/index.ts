export { createClient, type ClientOptions, type P3pdClient } from "./client.js";
export { ClientError, graphQLErrorsOf, type GraphQLErrorSummary } from "./errors.js";
export type { RunOperation, VariablesArgs } from "./operation-runner.js";
export type { OperationMethods } from "./generated/operation-methods.js";
// Result and variable types of every curated operation, its TypedDocumentNode and the enums.
export * from "./generated/operations.js";
