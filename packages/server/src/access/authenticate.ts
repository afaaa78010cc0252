import * as v from "valibot";
import type { SqlStatement } from "../db/sql-statement.js";
import { ApiKeyRole } from "../db/generated/prisma/enums.js";
import { directSqlOf, type PrismaClient } from "../db/prisma.js";
import { hashKey, prefixOfKey, sameSecret } from "./api-key-secrets.js";
import { bootstrapKeyPrefix, type Caller, type KeyCaller } from "./caller.js";
import { KeyCache } from "./key-cache.js";

export type Authentication = { caller: Caller } | { refusal: string };

/** `last_used_at` is a hint for key hygiene, not a log: written at most once a minute per key. */
const lastUsedResolutionMs = 60_000;

export interface Authenticator {
  /** Reads `Authorization: Bearer <key>`; no header is an anonymous caller, a bad key a refusal. */
  authenticate(authorization: string | null, clientAddress: string): Promise<Authentication>;
}

/** What a request's key is checked against; `revokedAt` read as UTC, as Prisma stores its timestamps. */
/** The key with this prefix: what authentication needs of it, read on every keyed request. */
const keyByPrefix: SqlStatement<KeyRow> = {
  text: `SELECT id, name, secret_hash AS "secretHash", role::text AS role, region_code AS "regionCode",
                persisted_only AS "persistedOnly", revoked_at AT TIME ZONE 'UTC' AS "revokedAt"
         FROM api_key WHERE prefix = $1`,
  row: v.strictObject({
    id: v.string(),
    name: v.string(),
    secretHash: v.string(),
    role: v.enum(ApiKeyRole),
    regionCode: v.nullable(v.string()),
    persistedOnly: v.boolean(),
    revokedAt: v.nullable(v.date()),
  }),
};

interface KeyRow {
  id: string;
  name: string;
  secretHash: string;
  role: ApiKeyRole;
  regionCode: string | null;
  persistedOnly: boolean;
  revokedAt: Date | null;
}

/** The key caches of the authenticators made on each client, which forgetApiKey empties of a key. */
const keyCaches = new WeakMap<PrismaClient, Set<KeyCache<KeyRow>>>();

/**
 * Makes every authenticator on `prisma` (this process's servers on that client) read the key's row
 * afresh at its next use: what revoking a key through the API does once the revocation commits.
 */
export function forgetApiKey(prisma: PrismaClient, prefix: string): void {
  for (const cache of keyCaches.get(prisma) ?? []) cache.forget(prefix);
}

/**
 * Keys are looked up by their prefix, and a row read is trusted for `keyCacheMs` (2 s, see
 * key-cache.ts): a key revoked through this process's API is refused from its next request, one
 * revoked elsewhere (the CLI, another server process) within 2 s. `bootstrapKey` (P3PD_ADMIN_KEY)
 * is an ADMIN key that needs no row: it is how the first real keys get made over the API, and
 * what tests and benchmarks use.
 */
export function createAuthenticator(prisma: PrismaClient, bootstrapKey: string | undefined): Authenticator {
  const lastUsedWritten = new Map<string, number>();
  const sql = directSqlOf(prisma);
  // A direct read, without Prisma's row mapping (see db/direct-sql.ts).
  const keyRows = new KeyCache(async (prefix: string): Promise<KeyRow | undefined> => (await sql.rows(keyByPrefix, [prefix]))[0]);
  const caches = keyCaches.get(prisma) ?? new Set();
  caches.add(keyRows);
  keyCaches.set(prisma, caches);

  async function noteUse(keyId: string): Promise<void> {
    const now = Date.now();
    if (now - (lastUsedWritten.get(keyId) ?? 0) < lastUsedResolutionMs) return;
    lastUsedWritten.set(keyId, now);
    await prisma.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) }, select: { id: true } });
  }

  async function callerOfKey(key: string): Promise<KeyCaller | string> {
    if (bootstrapKey && sameSecret(key, bootstrapKey)) {
      return { role: "ADMIN", keyId: null, prefix: bootstrapKeyPrefix, name: "P3PD_ADMIN_KEY", regionCode: null, persistedOnly: false };
    }
    const prefix = prefixOfKey(key);
    if (!prefix) return "The API key is malformed: keys look like p3pd_XXXXXXXX_ followed by 32 letters and digits.";
    const row = await keyRows.get(prefix);
    if (!row || !sameSecret(hashKey(key), row.secretHash)) return `The API key ${prefix} is not valid.`;
    if (row.revokedAt) return `The API key ${prefix} was revoked on ${row.revokedAt.toISOString()}.`;
    await noteUse(row.id);
    return { role: row.role, keyId: row.id, prefix, name: row.name, regionCode: row.regionCode, persistedOnly: row.persistedOnly };
  }

  return {
    async authenticate(authorization, clientAddress) {
      if (authorization === null || authorization.trim() === "") return { caller: { role: "ANONYMOUS", clientAddress } };
      const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      if (!key) return { refusal: "The Authorization header must read `Bearer <API key>`." };
      const caller = await callerOfKey(key);
      return typeof caller === "string" ? { refusal: caller } : { caller };
    },
  };
}
