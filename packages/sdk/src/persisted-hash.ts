import type { TypedDocumentText } from "./typed-document.js";

const hashes = new Map<string, string>();

/**
 * Registers a curated document's text under its sha256 hash (its key in the server's manifest)
 * and gives the text back, typed. Generated code calls it once per document, marked pure: a
 * bundler may drop the call when nothing uses the document, and then nothing can ask for its hash
 * either.
 */
export function persisted<Result, Variables>(text: string, sha256Hash: string): TypedDocumentText<Result, Variables> {
  hashes.set(text, sha256Hash);
  // The types are the generated ones of this very text; only the type system reads them.
  return text as TypedDocumentText<Result, Variables>;
}

/**
 * The hash a curated document is persisted under, or undefined for any other document. Keyed by
 * the text: another document with the very same text has the same hash, and the server runs it
 * the same.
 */
export function persistedHashOf(document: unknown): string | undefined {
  return typeof document === "string" ? hashes.get(document) : undefined;
}
