import { readFile } from "node:fs/promises";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { sdkDir } from "../support/partner-project.js";
import {
  breakingChanges,
  deprecationsWithoutRemovalDate,
  mayBreak,
  readContractSdl,
  readLastRelease,
} from "../support/release-compatibility.js";

async function readSdkVersion(): Promise<string> {
  const manifest: unknown = JSON.parse(await readFile(path.join(sdkDir, "package.json"), "utf8"));
  if (typeof manifest !== "object" || manifest === null || !("version" in manifest) || typeof manifest.version !== "string") {
    throw new Error("packages/sdk/package.json has no version");
  }
  return manifest.version;
}

const releasedSdl = `
  type Query { region(code: String!): Region }
  type Region { code: String! name: String! level: Level! }
  enum Level { PROVINCE KABUPATEN }
`;

describe("the committed contract against the last released SDL", () => {
  it("breaks nothing the last release promised, unless @p3pd/sdk's version left the release's caret range (its major part moved, or its minor part while 0.x)", async () => {
    const [released, current, version] = await Promise.all([readLastRelease(), readContractSdl(), readSdkVersion()]);
    const breaking = await breakingChanges(released.sdl, current);
    const unannounced = mayBreak(released.version, version) ? [] : breaking;
    expect(unannounced, `breaking changes since ${released.version} while @p3pd/sdk is ${version}: move its version (and the CHANGELOG) to the next breaking one`).toEqual([]);
  });

  it("@p3pd/sdk's version is the last release or later, and its CHANGELOG has a section for it", async () => {
    const [released, version, changelog] = await Promise.all([readLastRelease(), readSdkVersion(), readFile(path.join(sdkDir, "CHANGELOG.md"), "utf8")]);
    expect(semver.gte(version, released.version), `@p3pd/sdk ${version} is older than the last release, ${released.version}`).toBe(true);
    expect(changelog.split("\n")).toContainEqual(expect.stringMatching(new RegExp(`^## ${version.replaceAll(".", "\\.")}( |$)`)));
  });

  it("gives every @deprecated element a reason that ends with its removal date", async () => {
    expect(deprecationsWithoutRemovalDate(await readContractSdl())).toEqual([]);
  });
});

describe("the breaking-change check", () => {
  it("finds a removed field, which the release's own version may not ship", async () => {
    const removed = releasedSdl.replace(" name: String!", "");
    expect(await breakingChanges(releasedSdl, removed)).toEqual(["Field 'name' was removed from object type 'Region'"]);
    expect(mayBreak("0.1.0", "0.1.0")).toBe(false);
    expect(mayBreak("0.1.0", "0.1.1")).toBe(false);
  });

  it("finds a removed enum value, a renamed type and an argument made required", async () => {
    const changed = releasedSdl
      .replace(" KABUPATEN", "")
      .replace("region(code: String!): Region", "region(code: String!, level: Level!): Area")
      .replace("type Region", "type Area");
    expect(await breakingChanges(releasedSdl, changed)).toHaveLength(4);
  });

  it("lets a break ship in the next minor version while 0.x, and from 1.0 only in the next major", () => {
    expect(mayBreak("0.1.0", "0.2.0")).toBe(true);
    expect(mayBreak("0.1.0", "1.0.0")).toBe(true);
    expect(mayBreak("1.4.2", "1.5.0")).toBe(false);
    expect(mayBreak("1.4.2", "2.0.0")).toBe(true);
    expect(mayBreak("0.2.0", "0.1.0")).toBe(false);
  });

  it("finds nothing breaking in an added field or type", async () => {
    const added = `${releasedSdl.replace("level: Level!", "level: Level! population: Int")} type Stage { number: Int! }`;
    expect(await breakingChanges(releasedSdl, added)).toEqual([]);
  });
});

describe("the deprecation check", () => {
  it("names, by schema coordinate, each @deprecated whose reason gives no valid removal date", () => {
    const sdl = `
      type Query {
        a: Int @deprecated
        b: Int @deprecated(reason: "Use \`c\`.")
        c(old: Int @deprecated(reason: "Use \`new\`. Removed after 2027-02-30."), new: Int): Int
        d: Int @deprecated(reason: "Use \`c\`. Removed after 2027-06-30.")
      }
      enum Level { PROVINCE @deprecated(reason: "Removed after 2027-06-30.") KOTA @deprecated(reason: "Gone soon.") }
      input Filter { level: Level @deprecated(reason: "Removed after June 2027.") }
    `;
    expect(deprecationsWithoutRemovalDate(sdl).toSorted()).toEqual(["Filter.level", "Level.KOTA", "Query.a", "Query.b", "Query.c(old:)"]);
  });
});
