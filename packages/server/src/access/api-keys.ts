import { NotFoundError, ValidationError } from "../cascade/write-errors.js";
import { ApiKeyRole } from "../db/generated/prisma/enums.js";
import type { Db } from "../db/prisma.js";
import { levelOfCode } from "../regions/codes.js";
import { regionTable } from "../regions/queries.js";
import { newKeySecret } from "./api-key-secrets.js";

export interface NewApiKeyInput {
  role: string;
  regionCode?: string | null;
  name: string;
  persistedOnly?: boolean;
}

/** A key as lists show it: everything but the secret, which is never stored. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  role: ApiKeyRole;
  regionCode: string | null;
  persistedOnly: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const summaryColumns = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  regionCode: true,
  persistedOnly: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

const roles = Object.values(ApiKeyRole);
const isRole = (value: string): value is ApiKeyRole => (roles as string[]).includes(value);

async function checkedInput(db: Db, input: NewApiKeyInput) {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new ValidationError("name", "A key needs a name of 1 to 100 characters, to tell keys apart.");
  const role = input.role.toUpperCase();
  if (!isRole(role)) throw new ValidationError("role", `The role must be one of ${roles.join(", ")}, got "${input.role}".`);
  const regionCode = input.regionCode ?? null;
  if (role === "STAFF" && !regionCode) throw new ValidationError("region", "A STAFF key needs --region <code>: the subtree it may see and write.");
  if (role !== "STAFF" && regionCode) throw new ValidationError("region", `Only STAFF keys have a region; a ${role} key reaches the whole country.`);
  if (regionCode) {
    const level = levelOfCode(regionCode);
    const exists = level && (await regionTable(db, level).count({ where: { code: { in: [regionCode] } } })) > 0;
    if (!exists) throw new ValidationError("region", `No region has the code "${regionCode}".`);
  }
  return { name, role, regionCode, persistedOnly: input.persistedOnly ?? false };
}

/** Creates a key and returns it whole, the only time it is ever seen; only its hash is kept. */
export async function createApiKey(db: Db, input: NewApiKeyInput): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const checked = await checkedInput(db, input);
  const secret = newKeySecret();
  const apiKey = await db.apiKey.create({
    data: { ...checked, prefix: secret.prefix, secretHash: secret.secretHash },
    select: summaryColumns,
  });
  return { key: secret.key, apiKey };
}

export function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({ select: summaryColumns, orderBy: { createdAt: "asc" } });
}

/** Revokes a key, by id or prefix; revoking it again changes nothing. */
export async function revokeApiKey(db: Db, idOrPrefix: string): Promise<ApiKeySummary> {
  const where = idOrPrefix.startsWith("p3pd_") ? { prefix: idOrPrefix } : { id: idOrPrefix };
  if ("id" in where && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix)) {
    throw new ValidationError("id", `"${idOrPrefix}" is neither a key id (a UUID) nor a key prefix (p3pd_…).`);
  }
  const found = await db.apiKey.findUnique({ where, select: { id: true, revokedAt: true } });
  if (!found) throw new NotFoundError("API key", idOrPrefix);
  return db.apiKey.update({
    where: { id: found.id },
    data: { revokedAt: found.revokedAt ?? new Date() },
    select: summaryColumns,
  });
}
