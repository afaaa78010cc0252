import { recordAudit } from "../access/audit-log.js";
import { isKeyCaller } from "../access/caller.js";
import { InvalidRowsError, NikTakenError } from "../cascade/write-errors.js";
import type { Context } from "./context.js";

/**
 * Rate-limit points a NIK conflict costs. A unique NIK has to tell a writer that it is taken, which
 * makes every write path an oracle of whether a number exists; NIKs are guessable (region, birth
 * date, serial), so each answer is priced to make enumeration slow: a 5,000-point key learns at
 * most 50 an hour.
 */
export const nikConflictPoints = 100;

/**
 * How many taken NIKs a refusal reveals. It may come in the errors plugin's proxy, which hides the
 * prototype chain from `instanceof` but still answers with the error's constructor and fields.
 */
function nikConflictsOf(refusal: Error): number {
  if (refusal instanceof NikTakenError || refusal.constructor === NikTakenError) return 1;
  if (refusal instanceof InvalidRowsError || refusal.constructor === InvalidRowsError) {
    return "nikConflicts" in refusal && typeof refusal.nikConflicts === "number" ? refusal.nikConflicts : 0;
  }
  return 0;
}

/**
 * Charges a refused write for the NIK conflicts it reveals, whichever mutation it was: each one is
 * audited and charged before the caller hears of it; if the caller's window cannot pay, this throws
 * RATE_LIMITED and the answer says nothing about the NIK. Called after the write was rolled back.
 */
export async function chargeNikConflicts(context: Context, action: string, refusal: Error): Promise<void> {
  const conflicts = nikConflictsOf(refusal);
  if (conflicts === 0) return;
  if (isKeyCaller(context.caller)) {
    await recordAudit(context.prisma, context.caller, { action, arguments: { nikConflicts: conflicts }, outcome: "NIK_CONFLICT", subjectId: null });
  }
  await context.rateLimit.surcharge(conflicts * nikConflictPoints);
}
