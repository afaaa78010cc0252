import path from "node:path";
import { readFile } from "node:fs/promises";
import { auditedWrite, localOperator } from "../access/audit-log.js";
import { nationalAccess } from "../access/region-access.js";
import { ConflictError, InvalidRowsError, NotFoundError, ValidationError } from "../cascade/write-errors.js";
import { importParticipants, importTimeoutMs, type ParticipantImportResult } from "../cascade/participant-import.js";
import type { PrismaClient } from "../db/prisma.js";
import type { Progress } from "../progress.js";
import { parseParticipantsCsv } from "./participants-csv.js";

/**
 * A Relay global ID as the API issues it (Pothos' format: base64 of "Typename:id"), decoded here
 * rather than by Pothos, whose module and graphql's were most of this command's start-up.
 */
function decodeGlobalId(text: string): { typename: string; id: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const decoded = Buffer.from(text, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 ? { typename: decoded.slice(0, colon), id: decoded.slice(colon + 1) } : null;
}

/** A training named by its raw id or by its GraphQL global ID, whichever the user copied. */
export function trainingIdFrom(text: string): string {
  if (/^[0-9a-f-]{36}$/i.test(text)) return text;
  const decoded = decodeGlobalId(text);
  if (decoded?.typename === "Training") return decoded.id;
  throw new Error(`"${text}" is neither a training id nor a Training global ID.`);
}

/** What the import refuses as the user's mistake; anything else is recorded as an internal error. */
const refusalTypes = [ValidationError, NotFoundError, ConflictError, InvalidRowsError];

/**
 * `p3pd import participants <file.csv> --training <id>`: the CSV importer behind the CLI. The
 * operator at the shell reaches the whole country, as an ADMIN key does, and the import is
 * audited like the `importParticipants` mutation, in its transaction, with the operator's account as its actor.
 */
export async function importParticipantsFile(
  prisma: PrismaClient,
  file: string,
  training: string,
  progress: Progress,
): Promise<ParticipantImportResult> {
  const rows = parseParticipantsCsv(await readFile(file, "utf8"));
  const trainingId = trainingIdFrom(training);
  return auditedWrite(prisma, {
    actor: localOperator(),
    action: "importParticipants",
    arguments: { trainingId, file: path.basename(file), rows },
    run: (tx) => importParticipants(tx, nationalAccess, trainingId, rows, progress),
    outcomeOf: () => ({ outcome: "OK", subjectId: null }),
    outcomeOfError: (error) => (refusalTypes.some((type) => error instanceof type) && error instanceof Error ? error.name : "INTERNAL_SERVER_ERROR"),
    timeoutMs: importTimeoutMs,
  });
}

export function describeImport(result: ParticipantImportResult): string {
  return [
    `${result.rows} rows: ${result.peopleCreated} new people, ${result.peopleMatched} already known;`,
    `${result.enrolled} enrolled, ${result.updated} updated, ${result.unchanged} unchanged.`,
  ].join(" ");
}

export function describeRowIssues(error: InvalidRowsError, file: string): string {
  return [`Nothing was imported: ${error.rows.length} problem(s) in ${file}:`, ...error.rows.map((row) => `  line ${row.line}, ${row.field}: ${row.message}`)].join("\n");
}
