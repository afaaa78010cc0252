import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Kind, parse, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import { compiledFieldBudget, isSmallEnoughToCompile } from "../src/http/compiled-execution.js";
import { sdlPath } from "../src/paths.js";
import { schema } from "../src/schema/index.js";

/** The contract's curated operations (the SDK's methods), each with the fragments of its folder, as the SDK sends them. */
async function curatedOperations(): Promise<{ name: string; document: DocumentNode }[]> {
  const folder = path.join(path.dirname(sdlPath), "operations");
  const files = (await readdir(folder)).filter((file) => file.endsWith(".graphql"));
  const all = parse((await Promise.all(files.map((file) => readFile(path.join(folder, file), "utf8")))).join("\n"));
  return all.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [{ name: definition.name.value, document: all }] : [],
  );
}

/** `region(code: "73") { parent { … { code } } }` with `depth` levels of fields in all. */
const parentChain = (depth: number) => `{ region(code: "73") { ${"parent { ".repeat(depth - 2)}code${" }".repeat(depth - 2)} } }`;

describe("compiled execution (graphql-jit)", () => {
  it("compiles every operation the SDK sends", async () => {
    const operations = await curatedOperations();
    expect(operations.length).toBeGreaterThan(20);
    for (const { name, document } of operations) expect(isSmallEnoughToCompile(schema, document, name), name).toBe(true);
  });

  it("leaves to graphql-js an operation that would compile into millions of fields: 13 nested Region.parent, 4 types each", () => {
    expect(isSmallEnoughToCompile(schema, parse(parentChain(6)))).toBe(true);
    expect(isSmallEnoughToCompile(schema, parse(parentChain(15)))).toBe(false);
  });

  it(`holds every operation to a budget of ${compiledFieldBudget.toLocaleString("en-US")} fields, aliases, inline fragments and spreads included`, () => {
    const spreads = (count: number) =>
      `fragment Names on Query { a: provinces { nodes { code name } } b: provinces { nodes { code name } } } { ${Array.from({ length: count }, (_, i) => `s${i}: stages { number ...on Stage { name } }`).join(" ")} ...Names }`;
    expect(isSmallEnoughToCompile(schema, parse(spreads(10)))).toBe(true);
    expect(isSmallEnoughToCompile(schema, parse(spreads(compiledFieldBudget)))).toBe(false);
  });
});
