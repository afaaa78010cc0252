import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";

/**
 * Results of report queries, per process and per database, keyed by the database's data
 * version (see the `data_version` and `data_version_at_commit` migrations: every writing transaction
 * moves it forward as it commits).
 * A new version simply misses, so an entry is never stale; losing the cache loses nothing.
 * Any number of server processes can share one database this way.
 */
const maxEntries = 500;
const caches = new WeakMap<PrismaClient, Map<string, Promise<unknown>>>();

/** Lookups per client since it was made, for the metrics. */
export interface ReportCacheCounts {
  hits: number;
  misses: number;
}
const counts = new WeakMap<PrismaClient, ReportCacheCounts>();

export function reportCacheCounts(prisma: PrismaClient): ReportCacheCounts {
  const existing = counts.get(prisma);
  if (existing) return existing;
  const fresh = { hits: 0, misses: 0 };
  counts.set(prisma, fresh);
  return fresh;
}

const currentDataVersion: SqlStatement<{ version: bigint }> = { text: "SELECT version FROM data_version WHERE id = 1", row: v.strictObject({ version: v.bigint() }) };

const versionsInFlight = new WeakMap<PrismaClient, Promise<string>>();

/**
 * The current data version. Report queries started together (a coverage answer's rows and its
 * breakdowns) share one read instead of each asking; a later call reads afresh.
 */
function dataVersion(prisma: PrismaClient): Promise<string> {
  const inFlight = versionsInFlight.get(prisma);
  if (inFlight) return inFlight;
  const read = queryRows(prisma, currentDataVersion)
    .then(([row]) => String(row?.version ?? "none"))
    .finally(() => versionsInFlight.delete(prisma));
  versionsInFlight.set(prisma, read);
  return read;
}

/** The result of `compute` for `key` at the database's current data version, computed at most once. */
export async function cachedReport<T>(prisma: PrismaClient, key: string, compute: () => Promise<T>): Promise<T> {
  const entries = caches.get(prisma) ?? new Map<string, Promise<unknown>>();
  caches.set(prisma, entries);
  const versionedKey = `${await dataVersion(prisma)}\u0000${key}`;
  const cached = entries.get(versionedKey);
  const lookups = reportCacheCounts(prisma);
  if (cached) {
    lookups.hits++;
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    entries.delete(versionedKey);
    entries.set(versionedKey, cached);
    return cached as Promise<T>;
  }
  lookups.misses++;
  const result = compute();
  entries.set(versionedKey, result);
  // A failed computation is not kept: the next caller tries again.
  result.catch(() => entries.delete(versionedKey));
  while (entries.size > maxEntries) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    entries.delete(oldest);
  }
  return result;
}
