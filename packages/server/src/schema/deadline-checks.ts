import { defaultFieldResolver, isObjectType, type GraphQLSchema } from "graphql";

/** Where the execution timeout (http/execution-timeout.ts) leaves its signal in the context. */
export interface ExecutionSignalContext {
  /** Aborted at the operation's deadline, or when its client goes away. */
  executionSignal?: AbortSignal;
}

const signalOf = (context: unknown): AbortSignal | undefined =>
  typeof context === "object" && context !== null && "executionSignal" in context && context.executionSignal instanceof AbortSignal
    ? context.executionSignal
    : undefined;

/**
 * Makes every resolver that may do work (all but plain property reads) refuse to start
 * once the operation's signal is aborted. The compiled executor (graphql-jit) takes no signal,
 * so this is what keeps a timed-out operation from sending more SQL: it ends at the next
 * resolver instead of running on after its caller was answered.
 */
export function withDeadlineChecks(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const { resolve } = field;
      if (!resolve || resolve === defaultFieldResolver) continue;
      field.resolve = (source, args, context, info) => {
        signalOf(context)?.throwIfAborted();
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
