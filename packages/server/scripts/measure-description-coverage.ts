/**
 * Prints how much of the live schema has a description (types, scalars and unions included,
 * fields, arguments, input fields, enum values, directives and their arguments), and with --list
 * every element that has none, by schema coordinate. The test schema-descriptions.test.ts holds it
 * at 100%.
 *
 *   npx tsx packages/server/scripts/measure-description-coverage.ts [--list]
 */
import { parseArgs } from "node:util";
import { schema } from "../src/schema/index.js";
import { descriptionCoverage } from "../src/schema/description-coverage.js";

const { values } = parseArgs({ options: { list: { type: "boolean", default: false } } });
const { elements, undocumented } = descriptionCoverage(schema);
const described = elements - undocumented.length;
process.stdout.write(`described: ${described} of ${elements} schema elements (${((100 * described) / elements).toFixed(1)}%)\n`);
if (values.list) process.stdout.write(undocumented.map((coordinate) => `${coordinate}\n`).join(""));
