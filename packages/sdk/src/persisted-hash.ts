import type { TypedDocumentText } from "./typed-document.js";

// Every curated text, with its hash once a call asked for it.
const curated = new Map<string, Promise<string | undefined> | undefined>();

/**
 * Registers a curated document's text (the one the contract's manifest holds) and gives it back,
 * typed. Generated code calls it once per document, marked pure: a bundler may drop the call when
 * nothing uses the document, and then nothing can ask for its hash either.
 */
export function persisted<Result, Variables>(text: string): TypedDocumentText<Result, Variables> {
  curated.set(text, undefined);
  // The types are the generated ones of this very text; only the type system reads them.
  return text as TypedDocumentText<Result, Variables>;
}

/**
 * The sha256 hash (hex) a curated document is persisted under, its key in the server's manifest;
 * undefined for any other document, and where Web Crypto cannot digest (a browser page outside a
 * secure context has no `crypto.subtle`): the document then goes as text. Computed when first
 * asked and kept per text, as Apollo's persisted-queries link does: 64 hex digits per document
 * would be the bundle's least compressible bytes. Keyed by the text: another document with the
 * very same text has the same hash, and the server runs it the same.
 */
export async function persistedHashOf(document: unknown): Promise<string | undefined> {
  if (typeof document !== "string" || !curated.has(document)) return undefined;
  let hash = curated.get(document);
  if (!hash) curated.set(document, (hash = sha256Hex(document)));
  return hash;
}

async function sha256Hex(text: string): Promise<string | undefined> {
  // Typed as always there, but a browser leaves `subtle` out outside a secure context.
  const subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
