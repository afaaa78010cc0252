import type { PrismaClient } from "../db/prisma.js";
import { envelopePattern, envelopeSqlPattern } from "./cipher.js";
import { sealPersonFields } from "./personal-fields.js";

interface PlainRow {
  id: string;
  nik: string | null;
  phone: string | null;
  email: string | null;
}

/** A batch is one statement of this many rows, committed on its own: bounded memory and locks, and a crash loses one batch's work at most. */
export const defaultEncryptBatchSize = 1_000;

/**
 * Encrypts the personal fields still in plain text (rows written before the migration that made
 * the columns encrypted), in batches by id. Idempotent: a value already encrypted matches the
 * envelope and is left alone, so a run stopped midway is finished by the next start. Returns the
 * people encrypted.
 */
export async function encryptPlaintextPeople(prisma: PrismaClient, batchSize = defaultEncryptBatchSize): Promise<number> {
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRaw<PlainRow[]>`
      SELECT id::text AS id, nik, phone, email FROM person
       WHERE id > ${after}::uuid
         AND (nik !~ ${envelopeSqlPattern} OR phone !~ ${envelopeSqlPattern} OR email !~ ${envelopeSqlPattern})
       ORDER BY id LIMIT ${batchSize}`;
    if (rows.length === 0) return done;
    const plainOrNull = (value: string | null) => (value !== null && !envelopePattern.test(value) ? value : null);
    const sealed = rows.map((row) => ({ id: row.id, ...sealPersonFields({ nik: plainOrNull(row.nik), phone: plainOrNull(row.phone), email: plainOrNull(row.email) }) }));
    // A column keeps its value where it was encrypted already (coalesce with the sealed null).
    await prisma.$executeRaw`
      UPDATE person SET nik = coalesce(v.nik, person.nik), nik_hash = coalesce(v.nik_hash, person.nik_hash),
                        phone = coalesce(v.phone, person.phone), email = coalesce(v.email, person.email)
        FROM unnest(${sealed.map((row) => row.id)}::uuid[], ${sealed.map((row) => row.nik)}::text[], ${sealed.map((row) => row.nikHash)}::text[],
                    ${sealed.map((row) => row.phone)}::text[], ${sealed.map((row) => row.email)}::text[]) AS v(id, nik, nik_hash, phone, email)
       WHERE person.id = v.id`;
    done += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
