import type { PrismaClient } from "../db/prisma.js";
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeySummary } from "./api-keys.js";

const when = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace("T", " ") : "-");

function describeKey(key: ApiKeySummary): string {
  const scope = key.regionCode ? ` region ${key.regionCode}` : "";
  const state = key.revokedAt ? `revoked ${when(key.revokedAt)}` : `last used ${when(key.lastUsedAt)}`;
  return `${key.prefix}  ${key.role}${scope}${key.persistedOnly ? " persisted-only" : ""}  "${key.name}"  id ${key.id}  created ${when(key.createdAt)}, ${state}`;
}

export interface KeysCommandResult {
  /** For stdout: the new key (alone, so scripts can capture it) or the list. */
  output: string;
  /** For stderr: what happened, for people. */
  message: string;
}

export async function runKeysCommand(
  prisma: PrismaClient,
  action: string | undefined,
  target: string | undefined,
  values: { role?: string; region?: string; name?: string; "persisted-only"?: boolean },
): Promise<KeysCommandResult | null> {
  switch (action) {
    case "create": {
      if (!values.role || !values.name) return null;
      const { key, apiKey } = await createApiKey(prisma, {
        role: values.role,
        regionCode: values.region,
        name: values.name,
        persistedOnly: values["persisted-only"],
      });
      return {
        output: `${key}\n`,
        message: `Created ${describeKey(apiKey)}\nThis is the only time the key is shown: store it now. Send it as \`Authorization: Bearer <key>\`.`,
      };
    }
    case "list": {
      const keys = await listApiKeys(prisma);
      return { output: keys.map((key) => `${describeKey(key)}\n`).join(""), message: `${keys.length} key(s).` };
    }
    case "revoke": {
      if (!target) return null;
      const apiKey = await revokeApiKey(prisma, target);
      return { output: "", message: `Revoked ${describeKey(apiKey)}` };
    }
    default:
      return null;
  }
}
