import type { DocumentNode } from "graphql";

const hashes = new WeakMap<DocumentNode, string>();

/**
 * Registers a curated document under the sha256 hash of its text (its key in the server's
 * manifest) and gives the same document back. Generated code calls it once per document, marked
 * pure: a bundler may drop the call when nothing uses the document, and then nothing can ask for
 * its hash either.
 */
export function persisted<Document extends DocumentNode>(document: Document, sha256Hash: string): Document {
  hashes.set(document, sha256Hash);
  return document;
}

/** The hash a curated document is persisted under, or undefined for any other document. */
export function persistedHashOf(document: DocumentNode): string | undefined {
  return hashes.get(document);
}
