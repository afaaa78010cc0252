import { buildClientSchema, buildSchema, introspectionFromSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema/index.js";
import { descriptionCoverage } from "../src/schema/description-coverage.js";

describe("the schema documents itself", () => {
  it("every type, field, argument, input field, enum value, scalar and directive a client introspects has a description", () => {
    // What GraphiQL's docs pane and codegen read: the schema as introspection gives it back.
    const introspected = buildClientSchema(introspectionFromSchema(schema, { inputValueDeprecation: true }));
    const { elements, undocumented } = descriptionCoverage(introspected);
    expect(elements).toBeGreaterThan(600);
    expect(undocumented, `${undocumented.length} of ${elements} elements have no description`).toEqual([]);
  });

  it("names each undocumented element by its schema coordinate", () => {
    const bare = buildSchema(`
      """Documented."""
      directive @cached(seconds: Int) on FIELD_DEFINITION
      type Query { region(code: String): Kind }
      enum Kind { """Documented.""" DESA KOTA }
      input Filter { """Documented.""" name: String level: Int }
      scalar Code
      union Anything = Query
    `);
    const { elements, undocumented } = descriptionCoverage(bare);
    expect(elements).toBe(13);
    expect(undocumented.toSorted()).toEqual(
      ["@cached(seconds:)", "Anything", "Code", "Filter", "Filter.level", "Kind", "Kind.KOTA", "Query", "Query.region", "Query.region(code:)"],
    );
  });
});
