import { InvalidSettingError } from "../invalid-setting-error.js";
import { trustedProxiesProblem } from "./client-address.js";

/** The HTTP limits, CORS policy, proxies, metrics and shutdown an operator can set (see docs/operations.md, "Configuration"). */
export interface HttpOptions {
  /** Largest request body read, in bytes (P3PD_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** How long one operation may execute, in milliseconds (P3PD_EXECUTION_TIMEOUT_MS). */
  executionTimeoutMs: number;
  /** Origins browsers may call from (P3PD_CORS_ORIGINS); empty: none but our own, "*": any. */
  corsOrigins: readonly string[];
  /** Rate-limit points per window for each API key (P3PD_RATE_LIMIT_POINTS). */
  rateLimitKeyPoints: number;
  /** Rate-limit points per window for each client address without a key (P3PD_RATE_LIMIT_ANONYMOUS_POINTS). */
  rateLimitAnonymousPoints: number;
  /** Length of a rate-limit window, in seconds (P3PD_RATE_LIMIT_WINDOW_SECONDS). */
  rateLimitWindowSeconds: number;
  /** Peers whose X-Forwarded-For names the client (P3PD_TRUSTED_PROXIES): addresses and CIDR ranges; empty: none. */
  trustedProxies: readonly string[];
  /** The bearer token a scraper sends for /metrics (P3PD_METRICS_TOKEN); unset: /metrics is not served. */
  metricsToken: string | undefined;
  /** How long a shutdown waits for the requests in flight, in seconds (P3PD_DRAIN_SECONDS). */
  drainSeconds: number;
}

export const defaultHttpOptions: HttpOptions = {
  maxBodyBytes: 1_000_000,
  executionTimeoutMs: 10_000,
  corsOrigins: [],
  // GitHub's GraphQL API allows 5,000 points an hour per token; anonymous callers get a fifth.
  rateLimitKeyPoints: 5_000,
  rateLimitAnonymousPoints: 1_000,
  rateLimitWindowSeconds: 3_600,
  trustedProxies: [],
  metricsToken: undefined,
  // Within the 30 s an orchestrator such as Kubernetes waits after SIGTERM before it kills.
  drainSeconds: 25,
};


function positiveWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^\d+$/.test(value) || Number(value) === 0) {
    throw new InvalidSettingError(`${name} must be a positive whole number, got "${value}".`);
  }
  return Number(value);
}

function commaList(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
}

function trustedProxies(env: NodeJS.ProcessEnv, name: string): string[] {
  const list = commaList(env, name);
  const problem = trustedProxiesProblem(list);
  if (problem) throw new InvalidSettingError(`${name}: ${problem}; list addresses or CIDR ranges like 10.0.0.0/8, separated by commas.`);
  return list;
}

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const list = commaList(env, name);
  for (const origin of list) {
    // A browser sends its origin as scheme://host[:port]; anything else would silently never match.
    if (origin !== "*" && URL.parse(origin)?.origin !== origin) {
      throw new InvalidSettingError(`${name}: "${origin}" is not an origin like https://app.example.org (no path, no trailing slash) or "*".`);
    }
  }
  return list;
}

export function httpOptionsFromEnv(env: NodeJS.ProcessEnv): HttpOptions {
  return {
    maxBodyBytes: positiveWholeNumber(env, "P3PD_MAX_BODY_BYTES", defaultHttpOptions.maxBodyBytes),
    executionTimeoutMs: positiveWholeNumber(env, "P3PD_EXECUTION_TIMEOUT_MS", defaultHttpOptions.executionTimeoutMs),
    corsOrigins: origins(env, "P3PD_CORS_ORIGINS"),
    rateLimitKeyPoints: positiveWholeNumber(env, "P3PD_RATE_LIMIT_POINTS", defaultHttpOptions.rateLimitKeyPoints),
    rateLimitAnonymousPoints: positiveWholeNumber(env, "P3PD_RATE_LIMIT_ANONYMOUS_POINTS", defaultHttpOptions.rateLimitAnonymousPoints),
    rateLimitWindowSeconds: positiveWholeNumber(env, "P3PD_RATE_LIMIT_WINDOW_SECONDS", defaultHttpOptions.rateLimitWindowSeconds),
    trustedProxies: trustedProxies(env, "P3PD_TRUSTED_PROXIES"),
    metricsToken: env.P3PD_METRICS_TOKEN?.trim() || undefined,
    drainSeconds: positiveWholeNumber(env, "P3PD_DRAIN_SECONDS", defaultHttpOptions.drainSeconds),
  };
}
