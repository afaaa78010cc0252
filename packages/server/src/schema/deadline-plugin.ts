import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import { defaultFieldResolver, type GraphQLFieldResolver } from "graphql";

/** Where the execution timeout (http/execution-timeout.ts) leaves its signal in the context. */
export interface ExecutionSignalContext {
  /** Aborted at the operation's deadline, or when its client goes away. */
  executionSignal?: AbortSignal;
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      deadline: PothosDeadlinePlugin<Types>;
    }
  }
}

const pluginName = "deadline";

const signalOf = (context: unknown): AbortSignal | undefined =>
  typeof context === "object" && context !== null && "executionSignal" in context && context.executionSignal instanceof AbortSignal
    ? context.executionSignal
    : undefined;

/** `resolver`, refusing to start once the operation's signal is aborted. */
export function startingBeforeDeadline<Source, Context, Args>(resolver: GraphQLFieldResolver<Source, Context, Args>): GraphQLFieldResolver<Source, Context, Args> {
  return (source, args, context, info) => {
    signalOf(context)?.throwIfAborted();
    return resolver(source, args, context, info);
  };
}

/**
 * Makes every resolver that may do work (all but plain property reads) refuse to start once the
 * operation's signal is aborted. The compiled executor (graphql-jit) takes no signal, so this is
 * what keeps a timed-out operation from sending more SQL: it ends at the next resolver instead of
 * running on after its caller was answered. First among the plugins, so nothing else starts either.
 */
export class PothosDeadlinePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, _fieldConfig: PothosOutputFieldConfig<Types>) {
    return resolver === defaultFieldResolver ? resolver : startingBeforeDeadline(resolver);
  }
}

SchemaBuilder.registerPlugin(pluginName, PothosDeadlinePlugin);

export default pluginName;
