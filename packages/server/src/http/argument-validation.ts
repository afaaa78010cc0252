import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { assertPageArgs } from "../schema/page-args.js";
import { inspectExecution } from "./query-cost.js";

/**
 * Every argument of the operation, checked before execution: the text of every string (its length
 * limit and forbidden characters) and the paging arguments of every connection. Nested
 * connections are planned into their parent's SQL query, so a resolver-time check would come too
 * late, and bad input should cost no database work at all. Arguments and connections come from
 * the walk that also measures the operation's cost (query-cost.ts).
 */
export function useArgumentValidation(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const inspection = inspectExecution(args);
      const errors: GraphQLError[] = [...inspection.textProblems];
      for (const { node, pageArgs, itemTypename } of inspection.connections) {
        // Arguments that do not coerce are left to execution, which reports them in its own words.
        if (!pageArgs) continue;
        try {
          assertPageArgs(pageArgs, itemTypename);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          errors.push(new GraphQLError(error.message, { nodes: node, extensions: error.extensions }));
        }
      }
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
