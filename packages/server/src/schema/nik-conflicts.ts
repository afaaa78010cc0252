import { recordAudit } from "../access/audit-log.js";
import { isKeyCaller } from "../access/caller.js";
import { InvalidRowsError, NikTakenError } from "../cascade/errors.js";
import type { Context } from "./context.js";

/**
 * Rate-limit points a NIK conflict costs. A unique NIK has to tell a writer that it is taken, which
 * makes every write path an oracle of whether a number exists; NIKs are guessable (region, birth
 * date, serial), so each answer is priced to make enumeration slow: a 5,000-point key learns at
 * most 50 an hour.
 */
export const nikConflictPoints = 100;

function nikConflictsOf(error: unknown): number {
  if (error instanceof NikTakenError) return 1;
  if (error instanceof InvalidRowsError) return error.nikConflicts;
  return 0;
}

/**
 * Runs a write that may find a NIK taken. Each conflict is audited and charged before the caller
 * hears of it; if the caller's window cannot pay, the answer is RATE_LIMITED and says nothing
 * about the NIK. The write itself has written nothing (every write path refuses whole).
 */
export async function chargingNikConflicts<T>(context: Context, action: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const conflicts = nikConflictsOf(error);
    if (conflicts > 0) {
      if (isKeyCaller(context.caller)) {
        await recordAudit(context.prisma, context.caller, { action, arguments: { nikConflicts: conflicts }, outcome: "NIK_CONFLICT", subjectId: null });
      }
      await context.rateLimit.surcharge(conflicts * nikConflictPoints);
    }
    throw error;
  }
}
