import type { PrismaClient } from "../../src/db/prisma.js";

/**
 * What the sessions of a PostgreSQL cluster are doing, read from `pg_stat_activity`. Ask from a
 * session outside any transaction (as Prisma's pool is between statements): inside one,
 * PostgreSQL keeps showing the snapshot it took on the first read.
 */

/** Sessions waiting for a lock, optionally only those whose statement matches an ILIKE pattern. */
export async function sessionsWaitingOnLocks(prisma: PrismaClient, statementLike = "%"): Promise<number> {
  const [row] = await prisma.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE ${statementLike}`;
  return row?.waiting ?? 0;
}

/** Client sessions other than the asking one that are inside a transaction. */
export async function openTransactions(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRaw<{ open: number }[]>`
    SELECT count(*)::int AS open FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`;
  return row?.open ?? 0;
}
