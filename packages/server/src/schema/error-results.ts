import { encodeGlobalID } from "@pothos/plugin-relay";
import { ConflictError, InvalidRowsError, NotFoundError, notFoundMessage, ValidationError } from "../cascade/write-errors.js";
import { builder } from "./builder.js";

/** The Node type of each entity a NotFoundError may name by its row id (API keys are not nodes). */
const nodeTypenameOfEntity: Record<string, string | undefined> = { person: "Person", training: "Training", enrollment: "Enrollment" };

/** The id a caller sent: the global ID of a node, as the API issues them; any other id as it was given. */
const sentIdOf = (error: NotFoundError): string => {
  const typename = nodeTypenameOfEntity[error.entity];
  return typename ? encodeGlobalID(typename, error.id) : error.id;
};

/**
 * Recognised by name, not `instanceof`: the test runner may load the domain's error classes twice
 * (as for graphql-js' errors in http/mask-error.ts), and the errors plugin already chose the type.
 */
const isNotFoundError = (error: Error): error is NotFoundError => error.name === "NotFoundError" && "entity" in error && "id" in error;

/** What a caller reads: the domain's message, naming a missing node by the global ID it sent rather than its row id. */
const messageOf = (error: Error): string => (isNotFoundError(error) ? notFoundMessage(error.entity, sentIdOf(error)) : error.message);

/**
 * Typed errors of mutations: each mutation answers `…Success { data }` or one of these, so a
 * client can branch on `__typename` and read the field at fault. All implement `Error`.
 */
export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  description: "Something the caller can correct. Nothing was written.",
  fields: (t) => ({ message: t.string({ description: "What is wrong, in a sentence for people.", resolve: messageOf }) }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  description: "An input value breaks a rule; `field` names it.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString("field", { description: 'The input field or argument at fault, by its name in the schema, e.g. "passThreshold".' }) }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "An id in the input names nothing.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    entity: t.exposeString("entity", { description: 'What the id should have named: "person", "training", "enrollment" or "API key".' }),
    id: t.string({ description: "The id as it was sent: a global ID for a node, an id or prefix for an API key.", resolve: sentIdOf }),
  }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  description: "The input clashes with existing data (a taken NIK, a double enrollment, a closed training).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString("field", { nullable: true, description: 'The input field or argument that clashes, e.g. "nik" or "trainingId"; null when the clash is with no one field.' }),
  }),
});

const RowIssue = builder.objectRef<{ line: number; field: string; message: string }>("RowIssue").implement({
  description: "One problem in one row of a bulk import.",
  fields: (t) => ({
    line: t.exposeInt("line", { description: "Line in the file, or 1-based position in the list." }),
    field: t.exposeString("field", { description: 'The row\'s field at fault, by its name in ParticipantRowInput, e.g. "homeRegionCode".' }),
    message: t.exposeString("message", { description: "What is wrong with it, in a sentence for people." }),
  }),
});

builder.objectType(InvalidRowsError, {
  name: "InvalidRowsError",
  description: "A bulk import was refused whole: every bad row is listed and nothing was written.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    rows: t.field({ type: [RowIssue], description: "Every problem found, in line order; a row may have several.", resolve: (error) => error.rows }),
  }),
});

const defaultErrorTypes = "ValidationError, NotFoundError or ConflictError";

/**
 * The descriptions of what the errors plugin makes for a mutation: its result union, its success
 * type and that type's `data`, which the plugin's options cannot describe for every mutation alike.
 */
export function describedResult(mutation: string, data: string, errorTypes = defaultErrorTypes) {
  return {
    union: {
      description: `What \`${mutation}\` answers: its success type with what it wrote, or a typed error (${errorTypes}) saying what to correct, in which case nothing was written.`,
    },
    result: { description: `\`${mutation}\` succeeded: the write is committed, with its audit record.` },
    dataField: { description: data },
  };
}
