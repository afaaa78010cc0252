import { readFile } from "node:fs/promises";
import { readAttendanceSheet, type LineIssue } from "@p3pd/attendance-sheet";
import { createClient, graphQLErrorsOf } from "@p3pd/sdk";
import { parseArguments } from "./arguments.js";
import { ImportRefusedError, importInBatches, type ImportTotals } from "./import-batches.js";
import { progressBar } from "./progress-bar.js";
import { confirmedRows, deleteProgress, progressPathOf, saveProgress, sha256Of } from "./progress-file.js";

/**
 * Internal example: `npm run example:internal-import -- hadir.csv --training <id>` enrols every
 * participant of an attendance sheet in a training through the SDK, in batches, resuming after an
 * interruption. Bad lines are listed on stderr with their line numbers, and the exit code is 1.
 */
async function main(): Promise<void> {
  const { file, trainingId, url, apiKey, batchSize } = parseArguments(process.argv.slice(2), process.env);
  const bytes = await readFile(file);
  const sheet = readAttendanceSheet(bytes.toString("utf8"));
  if (sheet.issues.length > 0) {
    reportLines(sheet.issues, "Nothing was sent: fix these lines of the file and run the command again.");
    return;
  }
  const { rows } = sheet;
  const progressPath = progressPathOf(file);
  const fileSha256 = sha256Of(bytes);
  const startAt = await confirmedRows(progressPath, trainingId, fileSha256);
  if (startAt > 0) process.stderr.write(`Resuming: the first ${startAt} rows were imported by an earlier run.\n`);

  const bar = progressBar(rows.length);
  bar.update(startAt);
  const client = createClient({ url, apiKey });
  const outcome = await importInBatches({
    client,
    trainingId,
    rows,
    batchSize,
    startAt,
    onConfirmed: async (rowsConfirmed) => {
      await saveProgress(progressPath, { trainingId, fileSha256, rowsConfirmed });
      bar.update(rowsConfirmed);
    },
  })
    .catch((error: unknown) => {
      throw explainFailure(error, url);
    })
    .finally(() => bar.finish());

  if (outcome.kind === "invalid-rows") {
    const imported = outcome.rowsConfirmed > 0 ? `The first ${outcome.rowsConfirmed} rows are imported; ` : "";
    reportLines(outcome.issues, `${imported}the batch with these lines was refused whole. Fix them and run the command again.`);
    return;
  }
  await deleteProgress(progressPath);
  process.stdout.write(summary(rows.length, startAt, outcome.totals));
}

function reportLines(issues: LineIssue[], advice: string): void {
  for (const { line, field, message } of issues) process.stderr.write(`line ${line} (${field}): ${message}\n`);
  process.stderr.write(`${advice}\n`);
  process.exitCode = 1;
}

function summary(total: number, resumedAt: number, totals: ImportTotals): string {
  const resumed = resumedAt > 0 ? ` (${resumedAt} of them by an earlier run)` : "";
  return (
    `Imported ${total} rows${resumed}.\n` +
    `This run: ${totals.rows} rows sent, ${totals.peopleCreated} new people, ${totals.peopleMatched} already known; ` +
    `${totals.enrolled} enrolled, ${totals.updated} updated, ${totals.unchanged} unchanged.\n`
  );
}

/**
 * A refused import and GraphQL errors carry the API's explanation (a closed training, a malformed
 * training ID, a key that may not write): the command needs changing. Anything else means the API could not be reached or failed; the
 * progress file keeps what was confirmed, so the same command resumes once the API is back.
 */
function explainFailure(error: unknown, url: string): Error {
  if (error instanceof ImportRefusedError) return error;
  const graphQLErrors = graphQLErrorsOf(error);
  if (graphQLErrors.length > 0) return new Error(graphQLErrors.map((e) => e.message).join("\n"));
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`could not import through ${url}: ${reason}\nRun the same command again to resume after the rows already confirmed.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
