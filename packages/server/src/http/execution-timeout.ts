import { GraphQLError, type ExecutionResult } from "graphql";
import type { Plugin, YogaInitialContext } from "graphql-yoga";
import type { ExecutionSignalContext } from "../schema/deadline-plugin.js";

/**
 * Stops an operation that runs longer than `timeoutMs`, or whose client went away, and answers
 * EXECUTION_TIMEOUT. The operation's signal is passed to the executor and left in the context:
 * graphql-js' executor checks it before every field, and with the compiled executor (graphql-jit,
 * which takes no signal) every resolver that may do work checks it before it starts
 * (schema/deadline-plugin.ts). The answer goes out at the deadline, without waiting for the
 * operation to notice; a SQL statement already sent runs to its end, as Prisma cannot cancel one.
 */
export function useExecutionTimeout(timeoutMs: number): Plugin<YogaInitialContext & ExecutionSignalContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn, extendContext }) {
      // One controller and one timer, rather than AbortSignal.timeout combined with
      // AbortSignal.any: their bookkeeping is paid on every operation, however small.
      const execution = new AbortController();
      const { signal } = execution;
      const clientSignal = args.contextValue.request.signal;
      let timedOut = false;
      extendContext({ executionSignal: signal });
      setExecuteFn(async (executionArgs) => {
        // Settles when this plugin aborts the operation, which is the only way its signal aborts.
        let settle = () => {};
        const stopped = new Promise<void>((resolve) => (settle = resolve));
        const stop = (reason: unknown) => {
          execution.abort(reason);
          settle();
        };
        const onClientGone = () => stop(clientSignal.reason);
        const timer = setTimeout(() => {
          timedOut = true;
          stop(new DOMException("The operation's time is up", "TimeoutError"));
        }, timeoutMs);
        if (clientSignal.aborted) onClientGone();
        else clientSignal.addEventListener("abort", onClientGone, { once: true });
        // The executor reads `signal`; envelop's argument type does not declare it.
        const withSignal = { ...executionArgs, signal };
        try {
          const outcome = await Promise.race([executeFn(withSignal), stopped]);
          if (!signal.aborted && outcome) return outcome;
        } catch (error) {
          if (!signal.aborted) throw error;
        } finally {
          clearTimeout(timer);
          clientSignal.removeEventListener("abort", onClientGone);
        }
        // A client that went away gets nothing; Yoga drops its AbortError quietly.
        if (!timedOut) throw signal.reason;
        const message = `The query ran longer than the limit of ${timeoutMs.toLocaleString("en-US")} ms and was stopped.`;
        // Execution had begun, so the result has `data: null` and is a 200, as for any failed
        // operation; a 5xx would invite clients (our SDK among them) to retry the same query.
        const timedOutResult: ExecutionResult = { data: null, errors: [new GraphQLError(message, { extensions: { code: "EXECUTION_TIMEOUT" } })] };
        return timedOutResult;
      });
    },
  };
}
