import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Kind, print, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import * as sdk from "../src/index.js";
import { persistedHashOf } from "../src/persisted-hash.js";

const manifestFile = createRequire(import.meta.url).resolve("@p3pd/contract/persisted-operations.json");
const manifest: unknown = JSON.parse(readFileSync(manifestFile, "utf8"));

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === "object" && value !== null && "kind" in value && value.kind === Kind.DOCUMENT;

describe("the generated persisted operations", () => {
  it("give every curated document the SDK exports a hash, under which the manifest holds exactly the text the SDK would send", () => {
    const documents = Object.entries(sdk).filter((entry): entry is [string, DocumentNode] => entry[0].endsWith("Document") && isDocument(entry[1]));
    expect(documents.length).toBeGreaterThan(0);
    for (const [name, document] of documents) {
      const text = print(document);
      const sha256Hash = persistedHashOf(document);
      expect(sha256Hash, name).toBe(createHash("sha256").update(text).digest("hex"));
      expect(manifest).toHaveProperty([sha256Hash ?? ""], text);
    }
    expect(Object.keys(manifest as object)).toHaveLength(documents.length);
  });
});

