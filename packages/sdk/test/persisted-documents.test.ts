import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Kind, parse, print, type DocumentNode } from "graphql";
import { describe, expect, it, vi } from "vitest";
import * as apollo from "../src/apollo.js";
import * as sdk from "../src/index.js";
import { persisted, persistedHashOf } from "../src/persisted-hash.js";

const manifestFile = createRequire(import.meta.url).resolve("@p3pd/contract/persisted-operations.json");
const manifest: unknown = JSON.parse(readFileSync(manifestFile, "utf8"));

const curatedTexts = Object.entries(sdk).filter((entry): entry is [string, string] => entry[0].endsWith("Document") && typeof entry[1] === "string");

const isDocumentNode = (value: unknown): value is DocumentNode =>
  typeof value === "object" && value !== null && "kind" in value && value.kind === Kind.DOCUMENT;

describe("the generated persisted operations", () => {
  it("give every curated document the SDK exports a hash computed with Web Crypto, under which the manifest holds exactly the document's text", async () => {
    expect(curatedTexts.length).toBeGreaterThan(0);
    for (const [name, text] of curatedTexts) {
      const sha256Hash = await persistedHashOf(text);
      expect(sha256Hash, name).toBe(createHash("sha256").update(text).digest("hex"));
      expect(manifest).toHaveProperty([sha256Hash ?? ""], text);
    }
    expect(Object.keys(manifest as object)).toHaveLength(curatedTexts.length);
  });

  it("give no hash to a text that is not curated, even one that differs from a curated text by a space only", async () => {
    const [, text] = curatedTexts[0] ?? ["", ""];
    expect(await persistedHashOf(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(await persistedHashOf(`${text} `)).toBeUndefined();
    expect(await persistedHashOf(parse(text))).toBeUndefined();
  });

  it("give no hash where Web Crypto cannot digest (a browser page outside a secure context), so the document goes as text", async () => {
    vi.stubGlobal("crypto", {});
    try {
      // A text not hashed before: the hash is computed, and memoised, when first asked for.
      const text = persisted<unknown, unknown>("query NoSubtle { stages { id } }");
      expect(await persistedHashOf(text)).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
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
