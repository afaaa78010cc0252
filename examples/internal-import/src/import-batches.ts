import type { AttendanceRow, LineIssue } from "@p3pd/attendance-sheet";
import type { P3pdClient, ParticipantImportFieldsFragment } from "@p3pd/sdk";

export interface BatchImport {
  client: P3pdClient;
  trainingId: string;
  rows: AttendanceRow[];
  batchSize: number;
  /** Rows an earlier run got confirmed: they are not sent again. */
  startAt: number;
  /** Runs after the API confirmed a batch, with the number of rows confirmed so far. */
  onConfirmed(rowsConfirmed: number): Promise<void>;
}

/** What this run's batches did, summed. */
export type ImportTotals = ParticipantImportFieldsFragment;

export type ImportOutcome =
  | { kind: "done"; totals: ImportTotals }
  /** The API refused a batch for these rows; the batches before it stay imported. */
  | { kind: "invalid-rows"; issues: LineIssue[]; rowsConfirmed: number; totals: ImportTotals };

/** The API refused the import as a whole (a closed or unknown training, too many rows): no retry helps. */
export class ImportRefusedError extends Error {}

const noRows: ImportTotals = { rows: 0, peopleCreated: 0, peopleMatched: 0, enrolled: 0, updated: 0, unchanged: 0 };

/**
 * Sends the rows from `startAt` on in batches through `importParticipants`. The API applies each
 * batch whole or not at all and matches people it already knows, so sending a batch twice changes
 * nothing: the call is marked idempotent (the SDK then retries it after a network failure), and a
 * batch the API applied but whose answer was lost is simply sent again by the next run.
 */
export async function importInBatches(job: BatchImport): Promise<ImportOutcome> {
  let totals = noRows;
  for (let start = job.startAt; start < job.rows.length; start += job.batchSize) {
    const batch = job.rows.slice(start, start + job.batchSize);
    const { importParticipants: result } = await job.client.importParticipants(
      { trainingId: job.trainingId, rows: batch },
      { idempotent: true },
    );
    switch (result.__typename) {
      case "ImportParticipantsSuccess":
        totals = sum(totals, result.data);
        await job.onConfirmed(start + batch.length);
        break;
      case "InvalidRowsError":
        return { kind: "invalid-rows", issues: result.rows, rowsConfirmed: start, totals };
      case "ValidationError":
        throw new ImportRefusedError(`${result.field}: ${result.message}`);
      case "ConflictError":
      case "NotFoundError":
        throw new ImportRefusedError(result.message);
    }
  }
  return { kind: "done", totals };
}

function sum(a: ImportTotals, b: ImportTotals): ImportTotals {
  return {
    rows: a.rows + b.rows,
    peopleCreated: a.peopleCreated + b.peopleCreated,
    peopleMatched: a.peopleMatched + b.peopleMatched,
    enrolled: a.enrolled + b.enrolled,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
  };
}
