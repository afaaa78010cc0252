import type { Db } from "../db/prisma.js";
import { requireText } from "./validate.js";
import { NotFoundError } from "./write-errors.js";

/** Longest reason an erasure may give; it is kept in the erasure's audit record. */
export const erasureReasonMaxLength = 500;

export interface Erasure {
  /** The person's row id (it names them as the audit record's subject). */
  id: string;
  /** When they were erased: now, or at the earlier erasure. */
  erasedAt: Date;
  /** They had been erased before, and nothing changed. */
  alreadyErased: boolean;
}

/**
 * Erases a person's personal data for good (UU 27/2022): full name, NIK (its ciphertext and its
 * hash, which frees the NIK for someone imported later), phone, email, gender and position. What
 * the reports count stays: institution, home region and every enrollment with its attendance,
 * scores and certificate, now an anonymous participant's. Erasing again changes nothing.
 *
 * The reason is kept by the caller's audit record (the mutation's arguments, or the CLI's record);
 * it is checked here so that every path records one. The row's earlier versions remain in the
 * database's files until purgeErasedRemnants runs, after this write commits.
 */
export async function erasePerson(db: Db, id: string, reason: string): Promise<Erasure> {
  requireText("reason", reason, erasureReasonMaxLength);
  const { count } = await db.person.updateMany({
    where: { id, erasedAt: null },
    data: { fullName: null, nik: null, nikHash: null, phone: null, email: null, gender: null, position: null, erasedAt: new Date() },
  });
  const person = await db.person.findUnique({ where: { id }, select: { erasedAt: true } });
  if (!person) throw new NotFoundError("person", id);
  if (!person.erasedAt) throw new Error(`Person ${id} was not erased`);
  return { id, erasedAt: person.erasedAt, alreadyErased: count === 0 };
}
