import { ConflictError, InvalidRowsError, NotFoundError, ValidationError } from "../cascade/errors.js";
import { builder } from "./builder.js";

/**
 * Typed errors of mutations: each mutation answers `…Success { data }` or one of these, so a
 * client can branch on `__typename` and read the field at fault. All implement `Error`.
 */
export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  description: "Something the caller can correct. Nothing was written.",
  fields: (t) => ({ message: t.exposeString("message") }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  description: "An input value breaks a rule; `field` names it.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString("field") }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "An id in the input names nothing.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString("entity"), id: t.exposeString("id") }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  description: "The input clashes with existing data (a taken NIK, a double enrollment, a closed training).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString("field", { nullable: true }) }),
});

const RowIssue = builder.objectRef<{ line: number; field: string; message: string }>("RowIssue").implement({
  description: "One problem in one row of a bulk import.",
  fields: (t) => ({
    line: t.exposeInt("line", { description: "Line in the file, or 1-based position in the list." }),
    field: t.exposeString("field"),
    message: t.exposeString("message"),
  }),
});

builder.objectType(InvalidRowsError, {
  name: "InvalidRowsError",
  description: "A bulk import was refused whole: every bad row is listed and nothing was written.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ rows: t.field({ type: [RowIssue], resolve: (error) => error.rows }) }),
});
