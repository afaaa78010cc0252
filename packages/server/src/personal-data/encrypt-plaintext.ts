import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import { envelopePattern, envelopeSqlPattern } from "./cipher.js";
import { sealPersonFields } from "./personal-fields.js";

interface PlainRow {
  id: string;
  nik: string | null;
  phone: string | null;
  email: string | null;
}

const nextBatchInPlainText: SqlStatement<PlainRow> = {
  text: `SELECT id::text AS id, nik, phone, email FROM person
       WHERE id > $1::uuid AND (nik !~ $2 OR phone !~ $2 OR email !~ $2)
       ORDER BY id LIMIT $3`,
  row: v.strictObject({ id: v.string(), nik: v.nullable(v.string()), phone: v.nullable(v.string()), email: v.nullable(v.string()) }),
};

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
    const rows = await queryRows(prisma, nextBatchInPlainText, [after, envelopeSqlPattern, batchSize]);
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
