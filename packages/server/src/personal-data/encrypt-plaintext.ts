import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import { envelopePattern, isEnvelopeSql } from "./cipher.js";
import { sealPersonFields } from "./personal-fields.js";

interface PlainRow {
  id: string;
  nik: string | null;
  phone: string | null;
  email: string | null;
}

const plainRow = v.strictObject({ id: v.string(), nik: v.nullable(v.string()), phone: v.nullable(v.string()), email: v.nullable(v.string()) });

/**
 * The next rows in plain text after id $1, looking at the next $3 rows in id order only: each
 * statement reads a bounded slice of the table (a national cascade ×30 holds 1.8 million people,
 * all encrypted, which one scan could not check within the statement timeout). `next` is where
 * the following statement starts: after the last row returned when the batch ($2) is full, else
 * after the slice; null once the slice is empty (the end of the table).
 */
const nextBatchInPlainText: SqlStatement<{ next: string | null; rows: PlainRow[] }> = {
  text: `WITH slice AS (SELECT id, nik, phone, email FROM person WHERE id > $1::uuid ORDER BY id LIMIT $3),
       plain AS (SELECT * FROM slice WHERE NOT ${isEnvelopeSql("nik")} OR NOT ${isEnvelopeSql("phone")} OR NOT ${isEnvelopeSql("email")} ORDER BY id LIMIT $2)
       SELECT CASE WHEN (SELECT count(*) FROM plain) = $2 THEN (SELECT id FROM plain ORDER BY id DESC LIMIT 1)
         ELSE (SELECT id FROM slice ORDER BY id DESC LIMIT 1) END::text AS next,
         coalesce((SELECT json_agg(json_build_object('id', id::text, 'nik', nik, 'phone', phone, 'email', email) ORDER BY id) FROM plain), '[]'::json) AS rows`,
  row: v.strictObject({ next: v.nullable(v.string()), rows: v.array(plainRow) }),
};

/** Rows one statement looks at when searching for plain text (a few tens of milliseconds). */
export const defaultEncryptScanWindow = 20_000;

/** A batch is one statement of this many rows, committed on its own: bounded memory and locks, and a crash loses one batch's work at most. */
export const defaultEncryptBatchSize = 1_000;

/**
 * Encrypts the personal fields still in plain text (rows written before the migration that made
 * the columns encrypted), in batches by id, each search bounded to a slice of the table.
 * Idempotent: a value already encrypted matches the envelope and is left alone, so a run stopped
 * midway is finished by the next start. Returns the people encrypted.
 */
export async function encryptPlaintextPeople(prisma: PrismaClient, batchSize = defaultEncryptBatchSize, scanWindow = defaultEncryptScanWindow): Promise<number> {
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const [found] = await queryRows(prisma, nextBatchInPlainText, [after, batchSize, Math.max(batchSize, scanWindow)]);
    if (!found?.next) return done;
    after = found.next;
    const rows = found.rows;
    if (rows.length === 0) continue;
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
  }
}
