/**
 * What a write can go wrong with, as the caller should hear it. The GraphQL layer exposes these
 * as typed errors in mutation results; the CLI prints them. None of them leaves a partial write.
 */
export class ValidationError extends Error {
  override name = "ValidationError";
  /** The input field at fault, e.g. "endsOn" or "rows[12].nik". */
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** The sentence a NotFoundError says; the GraphQL layer says it with the id the caller sent. */
export const notFoundMessage = (entity: string, id: string) => `No ${entity} has the id "${id}".`;

export class NotFoundError extends Error {
  override name = "NotFoundError";
  constructor(readonly entity: string, readonly id: string) {
    super(notFoundMessage(entity, id));
  }
}

export class ConflictError extends Error {
  override name = "ConflictError";
  /** The input field that clashes with existing data, when there is one. */
  constructor(readonly field: string | null, message: string) {
    super(message);
  }
}

/**
 * A NIK that another person already holds. It says only that the number is taken: never who holds
 * it, where they live or their id, since NIKs are guessable and a writer must not be able to look
 * people up by them. The GraphQL layer charges each one to the caller's rate limit (see
 * schema/nik-conflicts.ts), so probing numbers is slow and costly.
 */
export class NikTakenError extends ConflictError {
  constructor() {
    super("nik", nikTakenMessage);
  }
}

export const nikTakenMessage = "This NIK is already registered to another person.";

export interface RowIssue {
  /** Line of the file (or 1-based position in the list) of the row at fault. */
  line: number;
  field: string;
  message: string;
}

/** A bulk import refused whole: every bad row is listed, nothing was written. */
export class InvalidRowsError extends Error {
  override name = "InvalidRowsError";
  /** How many of the rows carry a NIK another person holds (each is charged like a NikTakenError). */
  readonly nikConflicts: number;
  constructor(readonly rows: RowIssue[]) {
    super(`${rows.length} row issue(s); nothing was imported. First: line ${rows[0]?.line}, ${rows[0]?.field}: ${rows[0]?.message}`);
    this.nikConflicts = rows.filter((row) => row.field === "nik" && row.message === nikTakenMessage).length;
  }
}
