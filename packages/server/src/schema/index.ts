import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.js";
import "./scalars.js";
import "./regions.js";
import "./program.js";
import "./error-results.js";
import "./trainings.js";
import "./people.js";
import "./participant-import.js";
import "./coverage.js";
import "./api-keys.js";
import "./audit-records.js";
import "./viewer.js";
import "./personal-data-document.js";
import "./erase-person.js";

/**
 * The whole API: one builder, one file per area, assembled here once. What applies to every field
 * is a plugin of the builder (see builder.ts): no resolver starts after the operation's deadline,
 * every write is audited.
 */
export const schema: GraphQLSchema = builder.toSchema();

/** The SDL as committed to `packages/contract/schema.graphql`, sorted so diffs stay readable. */
export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
