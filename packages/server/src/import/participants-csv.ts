import { readAttendanceSheet } from "@p3pd/attendance-sheet";
import { InvalidRowsError } from "../cascade/write-errors.js";
import type { ParticipantRow } from "../cascade/participant-import.js";

/**
 * The rows of an attendance sheet for `p3pd import participants`, read as the SDK's users read
 * theirs (`@p3pd/attendance-sheet`: UTF-8, comma or semicolon, English or Indonesian headers), so
 * one sheet works with both. Every bad line is refused at once, by line, as an import refuses rows.
 */
export function parseParticipantsCsv(text: string): ParticipantRow[] {
  const sheet = readAttendanceSheet(text);
  if (sheet.issues.length > 0) throw new InvalidRowsError(sheet.issues);
  return sheet.rows;
}
