import { createHash } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";

/**
 * How far an import of one file into one training got: the rows the API confirmed, in file order.
 * Kept next to the CSV so an interrupted run can resume; it counts only for the same training and
 * the same bytes, as rows of an edited file may have moved.
 */
export interface ImportProgress {
  trainingId: string;
  fileSha256: string;
  rowsConfirmed: number;
}

export const progressPathOf = (csvPath: string) => `${csvPath}.progress.json`;

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * The rows already confirmed for this training and file: 0 when there is no progress file, or when
 * it belongs to another training or another version of the file (starting over is safe, as every
 * batch is idempotent).
 */
export async function confirmedRows(path: string, trainingId: string, fileSha256: string): Promise<number> {
  const saved = await readProgress(path);
  return saved?.trainingId === trainingId && saved.fileSha256 === fileSha256 ? saved.rowsConfirmed : 0;
}

/** Saves progress so that a crash at any moment leaves the old file or the new one, never half of one. */
export async function saveProgress(path: string, progress: ImportProgress): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  await rename(temporary, path);
}

export const deleteProgress = (path: string) => rm(path, { force: true });

async function readProgress(path: string): Promise<ImportProgress | undefined> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    if (isMissingFile(error)) return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const value: unknown = JSON.parse(text);
  return isProgress(value) ? value : undefined;
}

function isProgress(value: unknown): value is ImportProgress {
  if (typeof value !== "object" || value === null) return false;
  const { trainingId, fileSha256, rowsConfirmed } = value as Record<string, unknown>;
  return typeof trainingId === "string" && typeof fileSha256 === "string" && Number.isInteger(rowsConfirmed);
}

const isMissingFile = (error: unknown) => error instanceof Error && "code" in error && error.code === "ENOENT";
