import { P3pdError } from "./errors.js";

/**
 * Mutations answer a union: `…Success { data }`, or a typed error saying what to fix (nothing was
 * written then). `successOf` turns that into the usual shape of a call: the data, or an exception
 * the caller can `instanceof`. The fields each error carries are those the curated operations
 * select (`field`, `conflictField`, `entity`/`id`, `rows`).
 */

/** The API refused a write; nothing was written. `typename` is the union member it answered. */
export class MutationRefusedError extends P3pdError {
  override readonly name: "MutationRefusedError" | "ValidationError" | "ConflictError" | "NotFoundError" | "InvalidRowsError" =
    "MutationRefusedError";
  constructor(
    message: string,
    readonly typename: string,
  ) {
    super(message);
  }
}

/** An input value breaks a rule; `field` names it (e.g. "endsOn", "rows[12].nik"). */
export class ValidationError extends MutationRefusedError {
  override readonly name = "ValidationError";
  constructor(message: string, readonly field: string) {
    super(message, "ValidationError");
  }
}

/** The input clashes with existing data (a taken NIK, a double enrollment, a closed training). */
export class ConflictError extends MutationRefusedError {
  override readonly name = "ConflictError";
  constructor(message: string, readonly field: string | null) {
    super(message, "ConflictError");
  }
}

/** An id in the input names nothing. */
export class NotFoundError extends MutationRefusedError {
  override readonly name = "NotFoundError";
  constructor(message: string, readonly entity: string, readonly id: string) {
    super(message, "NotFoundError");
  }
}

export interface RowIssue {
  line: number;
  field: string;
  message: string;
}

/** A bulk import refused whole; every bad row is listed. */
export class InvalidRowsError extends MutationRefusedError {
  override readonly name = "InvalidRowsError";
  constructor(message: string, readonly rows: readonly RowIssue[]) {
    super(message, "InvalidRowsError");
  }
}

interface RefusalFields {
  __typename: string;
  message?: string;
  field?: string;
  conflictField?: string | null;
  entity?: string;
  id?: string;
  rows?: readonly RowIssue[];
}

function refusalOf(result: RefusalFields): MutationRefusedError {
  const message = result.message ?? `The API refused the write (${result.__typename}).`;
  switch (result.__typename) {
    case "ValidationError":
      return new ValidationError(message, result.field ?? "");
    case "ConflictError":
      return new ConflictError(message, result.conflictField ?? null);
    case "NotFoundError":
      return new NotFoundError(message, result.entity ?? "", result.id ?? "");
    case "InvalidRowsError":
      return new InvalidRowsError(message, result.rows ?? []);
    default:
      return new MutationRefusedError(message, result.__typename);
  }
}

/** The success member of a mutation's result union: the one that carries `data`. */
export type MutationSuccess<Result> = Extract<Result, { data: unknown }>;

function isSuccess<Result extends RefusalFields>(result: Result): result is MutationSuccess<Result> & Result {
  return "data" in result;
}

/**
 * The `data` of a mutation's answer, or a thrown `ValidationError` / `ConflictError` /
 * `NotFoundError` / `InvalidRowsError` (all `MutationRefusedError`s) when it was refused:
 *
 *     const training = successOf((await client.createTraining({ input })).createTraining);
 */
export function successOf<Result extends RefusalFields>(result: Result): MutationSuccess<Result>["data"] {
  if (isSuccess(result)) return result.data;
  throw refusalOf(result);
}
