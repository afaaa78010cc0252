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
/** The points a query of `nodes` worst-case nodes costs. */
export const pointsForNodes = (nodes: number) => Math.max(1, Math.ceil(nodes / nodesPerPoint));

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

/** Every header a response may carry about the caller's rate limit (a refusal adds Retry-After). */
export const rateLimitHeaderNames = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Used", "X-RateLimit-Reset", "Retry-After"] as const;

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

/** What one request has been charged: its points so far, and where its window stood after the last charge. */
interface RequestCharge {
  cost: number;
  state: RateLimitCharge;
}

/**
 * The charges of the requests a server is running: an operation's price before it runs (see
 * useRateLimit), and surcharges its resolvers add while it runs for work that costs more than its
 * shape shows (a NIK conflict: see schema/nik-conflicts.ts). The answer reports the total.
 */
export class RequestCharges {
  private readonly charges = new WeakMap<Request, RequestCharge>();

  constructor(
    private readonly leases: RateLimitLeases,
    private readonly callers: RequestCallers,
    private readonly policy: RateLimitPolicy,
  ) {}

  async charge(request: Request, cost: number): Promise<RateLimitCharge> {
    const state = await chargeCaller(this.leases, this.callers.of(request), cost, this.policy);
    this.charges.set(request, { cost, state });
    return state;
  }

  /** Adds `points` to a running operation's charge; over the limit, the operation fails with RATE_LIMITED. */
  async surcharge(request: Request, points: number): Promise<void> {
    const charge = this.charges.get(request);
    if (!charge) throw new Error("A surcharge needs an operation that was charged first");
    charge.state = await chargeCaller(this.leases, this.callers.of(request), points, this.policy);
    charge.cost += points;
    if (!charge.state.allowed) throw rateLimited(charge.state, charge.cost);
  }

  of(request: Request): RequestCharge | undefined {
    return this.charges.get(request);
  }
}

/**
 * Charges every operation its points against the caller's window (per key, or per client address
 * without one) in the shared store, after the query limits have refused what is too big to run.
 * Over the limit: HTTP 429 with Retry-After and nothing executed. Otherwise the result carries
 * `extensions.rateLimit` (its cost including any surcharge) and the response the X-RateLimit-* headers.
 */
export function useRateLimit(charges: RequestCharges): Plugin<YogaInitialContext> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const { request } = args.contextValue;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return undefined;
      const cost =
        operation.operation === "mutation"
          ? mutationPoints
          : pointsForNodes(measureExecution(args).nodes);
      const state = await charges.charge(request, cost);
      if (!state.allowed) {
        setResultAndStopExecution({ errors: [rateLimited(state, cost)] });
        return undefined;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const single: ExecutionResult = result;
          const charged = charges.of(request) ?? { cost, state };
          const rateLimit = { cost: charged.cost, limit: charged.state.limit, remaining: charged.state.remaining, resetAt: charged.state.resetsAt.toISOString() };
          setResult({ ...single, extensions: { ...single.extensions, rateLimit } });
        },
      };
    },
    onResponse({ request, response }) {
      const charged = charges.of(request);
      if (!charged) return;
      for (const [name, value] of Object.entries(rateLimitHeaders(charged.state))) response.headers.set(name, value);
    },
  };
}
