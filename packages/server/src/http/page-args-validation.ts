import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { assertPageArgs } from "../schema/page-args.js";
import { inspectExecution } from "./query-cost.js";

/**
 * The paging arguments of every connection field of the operation, checked before execution:
 * nested connections are planned into their parent's SQL query, so a resolver-time check would
 * come too late, and a bad page size should cost no database work at all. The connections come
 * from the walk that also measures the operation's cost (query-cost.ts).
 */
export function usePageArgsValidation(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors: GraphQLError[] = [];
      for (const { node, pageArgs } of inspectExecution(args).connections) {
        // Arguments that do not coerce are left to execution, which reports them in its own words.
        if (!pageArgs) continue;
        try {
          assertPageArgs(pageArgs);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          errors.push(new GraphQLError(error.message, { nodes: node, extensions: error.extensions }));
        }
      }
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
