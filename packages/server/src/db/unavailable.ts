/**
 * Recognises the errors that mean "the database is not there right now" rather than "this request
 * is wrong" or "our code is wrong": the server refused or dropped the connection, is shutting down
 * or starting up, or has no connection left. Such a failure is transient — the same request may
 * well succeed in a few seconds — so callers are told so (HTTP 503) instead of getting an opaque
 * internal error.
 *
 * The signs come from three layers, and the failure may surface at any of them:
 * - Prisma's own codes, for what it reports itself (P1001 "can't reach database server", …);
 * - the driver adapter's error kinds (`DatabaseNotReachable`, `ConnectionClosed`, …), which it
 *   keeps under `meta.driverAdapterError.cause`;
 * - PostgreSQL's SQLSTATEs (class 08 connection exceptions; 57P01–57P03 administrator shutdown,
 *   crash shutdown, "the database system is starting up / shutting down"; 53300 too many
 *   connections) and Node's socket error codes, on the errors of `pg` itself (a Unix socket that
 *   is not there, too).
 */

const prismaCodes = new Set(["P1001", "P1002", "P1017", "P2024"]);
const adapterKinds = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const postgresCodes = new Set(["57P01", "57P02", "57P03", "53300"]);
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);
/** The embedded database's socket file is missing while its thread restarts (see embedded-database.ts). */
const missingSocketMessage = /\bconnect ENOENT /;
/** `pg` reports a connection that closed without a PostgreSQL error with plain messages like these. */
const lostConnectionMessage = /^Connection terminated|^timeout exceeded when trying to connect/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function isUnavailableSign(value: Record<string, unknown>): boolean {
  const { code, kind, message } = value;
  if (typeof kind === "string" && adapterKinds.has(kind)) return true;
  if (typeof code === "string") {
    if (prismaCodes.has(code) || postgresCodes.has(code) || socketCodes.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    if (code === "ENOENT" && typeof message === "string" && missingSocketMessage.test(message)) return true;
  }
  return typeof message === "string" && value instanceof Error && lostConnectionMessage.test(message);
}

/** Where a wrapped error keeps the one it wraps: GraphQL's, ES2022's, Prisma's driver adapter's, AggregateError's. */
function wrappedBy(value: Record<string, unknown>): unknown[] {
  const meta = value.meta;
  const errors = value.errors;
  return [value.originalError, value.cause, isObject(meta) ? meta.driverAdapterError : undefined, ...(Array.isArray(errors) ? errors : [])];
}

/** Whether `error`, or any error it wraps, says the database is unreachable or went away. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const value = pending.pop();
    if (!isObject(value) || seen.has(value)) continue;
    seen.add(value);
    if (isUnavailableSign(value)) return true;
    pending.push(...wrappedBy(value));
  }
  return false;
}
