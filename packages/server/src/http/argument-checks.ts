import {
  GraphQLError,
  getNullableType,
  isInputObjectType,
  isListType,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { isIssuedGlobalID } from "../schema/global-ids.js";
import { maxLengthFrom } from "../schema/text-limits.js";

/**
 * Characters no text of this API contains and PostgreSQL or JSON cannot carry faithfully: NUL and
 * the other C0 controls but tab and line ends, and UTF-16 halves without their other half.
 */
const forbiddenCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Stop listing after this many problems in one argument (a 20,000-row import can have many). */
const maxProblemsPerArgument = 20;

function textProblem(value: string, path: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `"${path}" takes at most ${maxLength} characters, got ${value.length}.`;
  const found = forbiddenCharacter.exec(value);
  if (found) {
    const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    return `"${path}" contains the character U+${code} at position ${found.index}, which no text of this API may contain.`;
  }
  return undefined;
}

function collect(value: unknown, type: GraphQLInputType, path: string, maxLength: number, problems: string[]): void {
  if (value == null || problems.length >= maxProblemsPerArgument) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => collect(item, nullable.ofType, `${path}[${index}]`, maxLength, problems));
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== "object") return;
    const fields = nullable.getFields();
    for (const [name, item] of Object.entries(value)) {
      const field = fields[name];
      if (field) collect(item, field.type, `${path}.${name}`, maxLengthFrom(field.extensions), problems);
    }
    return;
  }
  // Scalars and enums as execution will see them: String and ID are strings, custom scalars parse to their own values.
  if (typeof value === "string") {
    const problem = textProblem(value, path, maxLength);
    if (problem) problems.push(problem);
    // Every ID this API takes is a global ID it issued (node, nodes, and the ids of writes).
    else if (nullable.name === "ID" && !isIssuedGlobalID(value)) problems.push(`"${path}" is not a global ID issued by this API.`);
  }
}

/**
 * The text problems of one field's arguments (coerced values): strings over their length limit
 * (see schema/text-limits.ts) or with characters no text may contain, and IDs this API did not
 * issue, each naming the argument path (`rows[3].fullName`). Checked before execution, so such a
 * value costs no SQL.
 */
export function argumentTextProblems(field: GraphQLField<unknown, unknown>, node: FieldNode, values: Record<string, unknown>): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const argument of field.args) {
    const problems: string[] = [];
    collect(values[argument.name], argument.type, argument.name, maxLengthFrom(argument.extensions), problems);
    for (const message of problems) errors.push(new GraphQLError(message, { nodes: node, extensions: { code: "BAD_USER_INPUT" } }));
  }
  return errors;
}
