import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRow, queryRows, type SqlStatement } from "../db/sql-statement.js";
import { resealIndexKey } from "./index-key.js";
import { openPersonal, personalDataKeys, sealPersonal, type PersonalColumn } from "./personal-fields.js";

interface StoredRow {
  id: string;
  nik: string | null;
  phone: string | null;
  email: string | null;
}

const countNotUnder: SqlStatement<{ count: number }> = {
  text: `SELECT count(*)::int AS count FROM person
     WHERE left(nik, 15) <> $1 OR left(phone, 15) <> $1 OR left(email, 15) <> $1`,
  row: v.strictObject({ count: v.number() }),
};

const nextBatchNotUnder: SqlStatement<StoredRow> = {
  text: `SELECT id::text AS id, nik, phone, email FROM person
       WHERE id > $1::uuid AND (left(nik, 15) <> $2 OR left(phone, 15) <> $2 OR left(email, 15) <> $2)
       ORDER BY id LIMIT $3`,
  row: v.strictObject({ id: v.string(), nik: v.nullable(v.string()), phone: v.nullable(v.string()), email: v.nullable(v.string()) }),
};

export interface RotationResult {
  /** People whose values this run re-encrypted. */
  reencrypted: number;
  /** Values still under an older key at the end: written meanwhile by a process that had not yet met the new key. */
  remaining: number;
}

/** The start every value sealed under `keyId` has (`v1:<id>:`): compared with `left()`, since `_` in an id would be a LIKE wildcard. */
const prefixOf = (keyId: string) => `v1:${keyId}:`;

async function valuesNotUnder(prisma: PrismaClient, prefix: string): Promise<number> {
  return (await queryRow(prisma, countNotUnder, [prefix])).count;
}

/** Whether any personal value is sealed under another key than the current one (a rotation to finish). */
export async function rotationUnfinished(prisma: PrismaClient): Promise<boolean> {
  return (await valuesNotUnder(prisma, prefixOf(personalDataKeys().keyring.current.id))) > 0;
}

/**
 * Re-encrypts every personal value under the current data key (the installed keys: see
 * preparePersonalData), `batchSize` people per statement. Each batch is one UPDATE, committed on
 * its own, so a run stopped at any point has lost at most the batch in flight: a value is under
 * the old key or the new one, readable either way, and the next run does what is left. A row
 * written by someone else between the read and the update is left as they wrote it (the update
 * matches the values it read); a later run re-encrypts it if it is still under an old key.
 */
export async function reencryptPeople(prisma: PrismaClient, batchSize: number, onBatch: (done: number) => void = () => {}): Promise<RotationResult> {
  const { keyring, indexKey } = personalDataKeys();
  const prefix = prefixOf(keyring.current.id);
  // The index key stays the same; only the key it is sealed under changes.
  await resealIndexKey(prisma, keyring, indexKey);
  const underCurrent = (value: string | null) => value === null || value.startsWith(prefix);
  const resealed = (column: PersonalColumn, value: string | null) => (underCurrent(value) ? value : sealPersonal(column, openPersonal(column, value) ?? ""));
  let reencrypted = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await queryRows(prisma, nextBatchNotUnder, [after, prefix, batchSize]);
    if (rows.length === 0) break;
    const next = rows.map((row) => ({ id: row.id, nik: resealed("nik", row.nik), phone: resealed("phone", row.phone), email: resealed("email", row.email) }));
    await prisma.$executeRaw`
      UPDATE person SET nik = v.nik, phone = v.phone, email = v.email
        FROM unnest(${rows.map((row) => row.id)}::uuid[],
                    ${rows.map((row) => row.nik)}::text[], ${rows.map((row) => row.phone)}::text[], ${rows.map((row) => row.email)}::text[],
                    ${next.map((row) => row.nik)}::text[], ${next.map((row) => row.phone)}::text[], ${next.map((row) => row.email)}::text[])
             AS v(id, old_nik, old_phone, old_email, nik, phone, email)
       WHERE person.id = v.id
         AND person.nik IS NOT DISTINCT FROM v.old_nik AND person.phone IS NOT DISTINCT FROM v.old_phone AND person.email IS NOT DISTINCT FROM v.old_email`;
    reencrypted += rows.length;
    after = rows[rows.length - 1]!.id;
    onBatch(reencrypted);
  }
  return { reencrypted, remaining: await valuesNotUnder(prisma, prefix) };
}
