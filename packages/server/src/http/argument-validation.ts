import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { assertPageArgs } from "../schema/page-args.js";
import { inspectExecution } from "./query-cost.js";

/** A variable that does not coerce is the caller's input: BAD_USER_INPUT unless its scalar gave a code of its own. */
function asBadUserInput(error: GraphQLError): GraphQLError {
  if (typeof error.extensions.code === "string") return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: "BAD_USER_INPUT" } });
}

/**
 * Every argument of the operation, checked before execution: its variables first, coerced by
 * graphql-js (the compiled executor, graphql-jit, answers a scalar's refusal with a bare
 * "Expected type Date." and drops the scalar's own message, such as a date's range); then the
 * text of every string (its length limit and forbidden characters) and the paging arguments of
 * every connection. Nested connections are planned into their parent's SQL query, so a
 * resolver-time check would come too late, and bad input should cost no database work at all.
 * Arguments and connections come from the walk that also measures the operation's cost
 * (query-cost.ts).
 */
export function useArgumentValidation(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const inspection = inspectExecution(args);
      if (inspection.variableProblems.length > 0) {
        setResultAndStopExecution({ errors: inspection.variableProblems.map(asBadUserInput) });
        return;
      }
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
