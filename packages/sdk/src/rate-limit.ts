/** The API's rate limit as of the last response, from its `X-RateLimit-*` headers. */
export interface RateLimit {
  /** Requests allowed per window (`X-RateLimit-Limit`). */
  limit: number;
  /** Requests left in the current window (`X-RateLimit-Remaining`). */
  remaining: number;
  /** When the window resets (`X-RateLimit-Reset`), when the response said. */
  resetAt: Date | undefined;
}

// Reset values this large are Unix times in seconds (1e9 s is 2001); smaller ones are seconds
// from now. Both conventions are in use, and no window lasts 30 years.
const unixTimeThreshold = 1e9;

/** The rate limit a response announces, or undefined when it sends no limit and remaining. */
export function readRateLimit(headers: Headers, now = Date.now()): RateLimit | undefined {
  const limit = headerNumber(headers, "x-ratelimit-limit");
  const remaining = headerNumber(headers, "x-ratelimit-remaining");
  if (limit === undefined || remaining === undefined) return undefined;
  const reset = headerNumber(headers, "x-ratelimit-reset");
  const resetAt =
    reset === undefined ? undefined : new Date(reset >= unixTimeThreshold ? reset * 1000 : now + reset * 1000);
  return { limit, remaining, resetAt };
}

/** `Retry-After` in milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerNumber(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  if (!value) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
