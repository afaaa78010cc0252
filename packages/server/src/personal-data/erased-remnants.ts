import { engineOf, type PrismaClient } from "../db/prisma.js";

/**
 * Removes what the database's own files still hold of the people erased so far. Clearing the
 * columns writes a new row version; the old one, with the name and the sealed NIK, phone and email,
 * stays in the table's pages (and the name in its index) until the table is rewritten, and the
 * planner's statistics may quote names. So, after the erasure has committed:
 *
 * - `VACUUM FULL person` rewrites the table and its indexes from the live rows only;
 * - `ANALYZE person` replaces the statistics sampled from the old rows;
 * - on the embedded PGlite, whose data folder is the whole database: `VACUUM FULL pg_statistic`
 *   drops the replaced statistics rows, and a WAL switch and a checkpoint with `wal_recycle` off
 *   delete the WAL segments that logged the old values (recycling would rename them, content kept).
 *
 * PostgreSQL's WAL belongs to the operator (archives, replicas, backups): it is not touched, and
 * the replaced statistics rows go at the next autovacuum of pg_statistic (see
 * docs/access-and-personal-data.md, "Erasure"). Each statement runs on its own: VACUUM and
 * CHECKPOINT refuse to run inside a transaction. The table is locked while it is rewritten (1.7 s on
 * PostgreSQL, 4.1 s on PGlite for the national demo: scripts/measure-erasure-vacuum.ts), so many
 * erasures share one run (`p3pd retention apply`).
 */
export async function purgeErasedRemnants(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe("VACUUM FULL person");
  await prisma.$executeRawUnsafe("ANALYZE person");
  if (engineOf(prisma) !== "pglite") return;
  await prisma.$executeRawUnsafe("VACUUM FULL pg_statistic");
  // PGlite is one session, whoever connects: the setting holds for the checkpoint below.
  await prisma.$executeRawUnsafe("SET wal_recycle = off");
  await prisma.$executeRawUnsafe("SELECT pg_switch_wal()");
  await prisma.$executeRawUnsafe("CHECKPOINT");
}
