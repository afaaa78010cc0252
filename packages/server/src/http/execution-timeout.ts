import { GraphQLError } from "graphql";
import type { Plugin, YogaInitialContext } from "graphql-yoga";

/**
 * Stops an operation that runs longer than `timeoutMs`, or whose client went away, and answers
 * EXECUTION_TIMEOUT. Yoga's executor takes an AbortSignal and checks it before every field, so
 * no resolver starts after the deadline; a SQL statement already sent runs to its end, as Prisma
 * cannot cancel one.
 */
export function useExecutionTimeout(timeoutMs: number): Plugin<YogaInitialContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([args.contextValue.request.signal, deadline]);
      setExecuteFn(async (executionArgs) => {
        // The executor reads `signal`; envelop's argument type does not declare it.
        const withSignal = { ...executionArgs, signal };
        try {
          return await executeFn(withSignal);
        } catch (error) {
          // A client that went away gets nothing; Yoga drops its AbortError quietly.
          if (!deadline.aborted) throw error;
          const message = `The query ran longer than the limit of ${timeoutMs.toLocaleString("en-US")} ms and was stopped.`;
          // Execution had begun, so the result has `data: null` and is a 200, as for any failed
          // operation; a 5xx would invite clients (our SDK among them) to retry the same query.
          return { data: null, errors: [new GraphQLError(message, { extensions: { code: "EXECUTION_TIMEOUT" } })] };
        }
      });
    },
  };
}
