import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Kind, print, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import * as apollo from "../src/apollo.js";
import * as sdk from "../src/index.js";
import { persistedHashOf } from "../src/persisted-hash.js";

const manifestFile = createRequire(import.meta.url).resolve("@p3pd/contract/persisted-operations.json");
const manifest: unknown = JSON.parse(readFileSync(manifestFile, "utf8"));

const curatedTexts = Object.entries(sdk).filter((entry): entry is [string, string] => entry[0].endsWith("Document") && typeof entry[1] === "string");

const isDocumentNode = (value: unknown): value is DocumentNode =>
  typeof value === "object" && value !== null && "kind" in value && value.kind === Kind.DOCUMENT;

describe("the generated persisted operations", () => {
  it("give every curated document the SDK exports a hash, under which the manifest holds exactly the document's text", () => {
    expect(curatedTexts.length).toBeGreaterThan(0);
    for (const [name, text] of curatedTexts) {
      const sha256Hash = persistedHashOf(text);
      expect(sha256Hash, name).toBe(createHash("sha256").update(text).digest("hex"));
      expect(manifest).toHaveProperty([sha256Hash ?? ""], text);
    }
    expect(Object.keys(manifest as object)).toHaveLength(curatedTexts.length);
  });

  it("give @p3pd/sdk/apollo a syntax tree of every curated document that prints back to the very text the main entry holds", () => {
    const trees = Object.entries(apollo).filter((entry): entry is [string, DocumentNode] => entry[0].endsWith("Document") && isDocumentNode(entry[1]));
    expect(trees.map(([name]) => name).sort()).toEqual(curatedTexts.map(([name]) => name).sort());
    for (const [name, tree] of trees) expect(print(tree), name).toBe(sdk[name as keyof typeof sdk]);
  });

  it("give @p3pd/sdk/apollo every curated fragment as a document that holds each fragment it spreads", () => {
    const fragments = Object.entries(apollo).filter((entry): entry is [string, DocumentNode] => entry[0].endsWith("FragmentDoc") && isDocumentNode(entry[1]));
    expect(fragments.map(([name]) => name)).toEqual(expect.arrayContaining(["RegionSummaryFragmentDoc", "TrainingSummaryFragmentDoc"]));
    for (const [name, fragment] of fragments) {
      const defined = new Set(fragment.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [definition.name.value] : [])));
      const spread = [...print(fragment).matchAll(/\.\.\.(\w+)/g)].map((match) => match[1]);
      expect(spread.filter((fragmentName) => fragmentName !== undefined && !defined.has(fragmentName)), name).toEqual([]);
      expect(defined.has(name.replace(/FragmentDoc$/, "")), name).toBe(true);
    }
  });
});
