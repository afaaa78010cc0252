import type { ApiKeyRole } from "../db/generated/prisma/enums.js";

/** Who is asking: nobody in particular, or the holder of an API key. */
export type Caller = AnonymousCaller | KeyCaller;

export interface AnonymousCaller {
  role: "ANONYMOUS";
  /** Where the request came from: anonymous callers are rate-limited per address. */
  clientAddress: string;
}

export interface KeyCaller {
  role: ApiKeyRole;
  /** The key's row, or null for the bootstrap key from P3PD_ADMIN_KEY. */
  keyId: string | null;
  /** How the key is named in lists, logs and audit records without revealing it. */
  prefix: string;
  name: string;
  /** A STAFF key sees and writes only this region's subtree; null for other roles. */
  regionCode: string | null;
  /** When true, only persisted (curated) operations are accepted from this key. */
  persistedOnly: boolean;
}

export const isKeyCaller = (caller: Caller): caller is KeyCaller => caller.role !== "ANONYMOUS";

/** The bootstrap key has no row: it is named by where it comes from. */
export const bootstrapKeyPrefix = "env:P3PD_ADMIN_KEY";
