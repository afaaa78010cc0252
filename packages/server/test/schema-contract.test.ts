import { readFile } from "node:fs/promises";
import { parse, print, visit } from "graphql";
import { describe, expect, it } from "vitest";
import { sdlPath } from "../src/paths.js";
import { printSdl } from "../src/schema/index.js";

describe("the committed GraphQL contract", () => {
  it("packages/contract/schema.graphql is the SDL the server prints (run `npm run codegen` when this fails)", async () => {
    expect(await readFile(sdlPath, "utf8")).toBe(printSdl());
  });

  it("names the types and root fields partner code relies on, with their signatures", () => {
    // Without descriptions, a field's arguments print on one line, as partners write them.
    const sdl = print(visit(parse(printSdl()), { enter: (node) => ("description" in node && node.description ? { ...node, description: undefined } : undefined) }));
    for (const declaration of [
      "interface Region",
      "type Province implements Node & Region",
      "type Kabupaten implements Node & Region",
      "type Kecamatan implements Node & Region",
      "type Village implements Node & Region",
      "type Stage implements Node",
      "type StageProvince",
      "type CurriculumModule implements Node",
      "enum RegionLevel",
      "enum KabupatenKind",
      "enum VillageKind",
      "scalar Date",
      "nodes(ids: [ID!]!): [Node]!",
      "region(code: String!): Region",
      "stages: [Stage!]!",
      "curriculumModules: [CurriculumModule!]!",
      "totalCount: Int!",
    ]) {
      expect(sdl).toContain(declaration);
    }
  });
});
