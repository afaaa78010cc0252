import { userInfo } from "node:os";
import type { Prisma } from "../db/generated/prisma/client.js";
import type { PrismaClient } from "../db/prisma.js";
import type { KeyCaller } from "./caller.js";

/** Argument names whose values are personal data: the audit trail says they were given, not what they were. */
const personalArguments = new Set(["fullName", "nik", "phone", "email"]);
/** Bulk imports send thousands of rows; the audit trail keeps how many, not each one. */
const maxListedItems = 20;

/** The arguments as the audit trail keeps them: personal values redacted, long lists counted. */
export function redactArguments(value: unknown): Prisma.InputJsonValue | null {
  if (Array.isArray(value)) {
    if (value.length > maxListedItems) return { items: value.length };
    return value.map(redactArguments);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, personalArguments.has(name) && item != null ? "[redacted]" : redactArguments(item)]),
    );
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return null;
}

export interface AuditEntry {
  /** The mutation field, e.g. "enroll". */
  action: string;
  arguments: Record<string, unknown>;
  /** "OK", the typename of a refusal (ValidationError …) or an error code (FORBIDDEN …). */
  outcome: string;
  /** The id of what the write returned, when it returned a row. */
  subjectId: string | null;
}

/** Who wrote: an API key, or the local operator running a CLI command (who holds no key). */
export type AuditActor = Pick<KeyCaller, "keyId" | "prefix" | "role">;

/** The operator at this machine's shell, as CLI writes are recorded: named by their OS account. */
export function localOperator(): AuditActor {
  return { keyId: null, prefix: `cli:${userInfo().username}`, role: "ADMIN" };
}

/** Appends one record; the table refuses updates and deletes (see the access_control migration). */
export async function recordAudit(prisma: PrismaClient, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await prisma.auditRecord.create({
    data: {
      apiKeyId: actor.keyId,
      keyPrefix: actor.prefix,
      role: actor.role,
      action: entry.action,
      arguments: redactArguments(entry.arguments) ?? {},
      outcome: entry.outcome,
      subjectId: entry.subjectId,
    },
    select: { id: true },
  });
}
