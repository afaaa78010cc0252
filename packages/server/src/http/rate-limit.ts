import { getOperationAST, GraphQLError, type ExecutionResult } from "graphql";
import type { Plugin, YogaInitialContext } from "graphql-yoga";
import type { Caller } from "../access/caller.js";
import type { RateLimitCharge, RateLimitLeases } from "../access/rate-limit-leases.js";
import type { RateLimitState } from "../access/rate-limit-store.js";
import type { RequestCallers } from "./authentication.js";
import type { HttpOptions } from "./http-options.js";
import { measureExecution } from "./query-cost.js";

export type RateLimitPolicy = Pick<HttpOptions, "rateLimitKeyPoints" | "rateLimitAnonymousPoints" | "rateLimitWindowSeconds">;

/** GitHub's rule: a query costs its worst-case nodes over 100, at least 1 point. */
const nodesPerPoint = 100;
/** A write costs more than a small read: it takes locks, triggers and an audit record. */
const mutationPoints = 5;

function subjectOf(caller: Caller): string {
  if (caller.role === "ANONYMOUS") return `address:${caller.clientAddress}`;
  return caller.keyId ? `key:${caller.keyId}` : `key:${caller.prefix}`;
}

/** Charges the caller `cost` points of its shared window: per key, or per client address without one. */
export function chargeCaller(leases: RateLimitLeases, caller: Caller, cost: number, policy: RateLimitPolicy): Promise<RateLimitCharge> {
  const limit = caller.role === "ANONYMOUS" ? policy.rateLimitAnonymousPoints : policy.rateLimitKeyPoints;
  return leases.charge(subjectOf(caller), cost, limit, policy.rateLimitWindowSeconds);
}

/** Seconds until the window resets, at least 1: the Retry-After of a refused request. */
export function retryAfterSeconds(state: RateLimitState): number {
  return Math.max(1, Math.ceil((state.resetsAt.getTime() - Date.now()) / 1000));
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Used": String(state.used),
    "X-RateLimit-Reset": String(Math.ceil(state.resetsAt.getTime() / 1000)),
  };
}

/** What a refused request is told: its cost, the limit and when the window resets. */
export function rateLimitMessage(state: RateLimitState, cost: number): string {
  return (
    `Rate limit exceeded: this request costs ${cost} point(s) and ${state.limit.toLocaleString("en-US")} are allowed per window; ` +
    `the window resets at ${state.resetsAt.toISOString()} (in ${retryAfterSeconds(state)} s).`
  );
}

function rateLimited(state: RateLimitState, cost: number): GraphQLError {
  return new GraphQLError(rateLimitMessage(state, cost),
    {
      extensions: {
        code: "RATE_LIMITED",
        // The X-RateLimit-* headers are set on every response in onResponse, this one included.
        http: { status: 429, headers: { "Retry-After": String(retryAfterSeconds(state)) } },
      },
    },
  );
}

/**
 * Charges every operation its points against the caller's window (per key, or per client address
 * without one) in the shared store, after the query limits have refused what is too big to run.
 * Over the limit: HTTP 429 with Retry-After and nothing executed. Otherwise the result carries
 * `extensions.rateLimit` and the response the X-RateLimit-* headers.
 */
export function useRateLimit(leases: RateLimitLeases, callers: RequestCallers, policy: RateLimitPolicy): Plugin<YogaInitialContext> {
  const charged = new WeakMap<Request, RateLimitState>();
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const { request } = args.contextValue;
      const caller = callers.of(request);
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return undefined;
      const cost =
        operation.operation === "mutation"
          ? mutationPoints
          : Math.max(1, Math.ceil(measureExecution(args).nodes / nodesPerPoint));
      const state = await chargeCaller(leases, caller, cost, policy);
      charged.set(request, state);
      if (!state.allowed) {
        setResultAndStopExecution({ errors: [rateLimited(state, cost)] });
        return undefined;
      }
      const rateLimit = { cost, limit: state.limit, remaining: state.remaining, resetAt: state.resetsAt.toISOString() };
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const single: ExecutionResult = result;
          setResult({ ...single, extensions: { ...single.extensions, rateLimit } });
        },
      };
    },
    onResponse({ request, response }) {
      const state = charged.get(request);
      if (!state) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(state))) response.headers.set(name, value);
    },
  };
}
