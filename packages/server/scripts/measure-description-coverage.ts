/**
 * Prints how much of the live schema has a description (types, fields, arguments, input fields,
 * enum values), and with --list every element that has none, by schema coordinate.
 *
 *   npx tsx packages/server/scripts/measure-description-coverage.ts [--list]
 */
import { parseArgs } from "node:util";
import { schema } from "../src/schema/index.js";
import { descriptionCoverage } from "../src/schema/undocumented.js";

const { values } = parseArgs({ options: { list: { type: "boolean", default: false } } });
const { elements, undocumented } = descriptionCoverage(schema);
const described = elements - undocumented.length;
process.stdout.write(`described: ${described} of ${elements} schema elements (${((100 * described) / elements).toFixed(1)}%)\n`);
if (values.list) process.stdout.write(undocumented.map((coordinate) => `${coordinate}\n`).join(""));
