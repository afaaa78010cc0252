import { userInfo } from "node:os";
import type { Prisma } from "../db/generated/prisma/client.js";
import * as v from "valibot";
import type { Db, PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
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

/** A write as the trail names it. */
export interface AuditAttempt {
  /** The mutation field, e.g. "enroll". */
  action: string;
  arguments: Record<string, unknown>;
}

/** How a write ended. */
export interface AuditOutcome {
  /** "OK", the typename of a refusal (ValidationError …) or an error code (FORBIDDEN …). */
  outcome: string;
  /** The id of what the write returned, when it returned a row. */
  subjectId: string | null;
}

export type AuditEntry = AuditAttempt & AuditOutcome;

/** Who wrote: an API key, or the local operator running a CLI command (who holds no key). */
export type AuditActor = Pick<KeyCaller, "keyId" | "prefix" | "role">;

/** The operator at this machine's shell, as CLI writes are recorded: named by their OS account. */
export function localOperator(): AuditActor {
  return { keyId: null, prefix: `cli:${userInfo().username}`, role: "ADMIN" };
}

/** Appends one record; the table refuses updates and deletes (see the access_control migration). */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.auditRecord.create({
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

/**
 * Runs `statement`, a write of at most one row that returns the row with an `id` column, as a whole
 * write in one round trip with no transaction around it: its audit record (outcome OK, the row's id
 * as subject) is inserted by the same statement, so both commit or neither does, as in
 * auditedWrite. A statement that writes nothing records nothing: what to record then is the
 * caller's to decide (see schema/audit-plugin.ts).
 */
export async function auditedStatement<Row>(
  prisma: PrismaClient,
  actor: AuditActor,
  attempt: AuditAttempt,
  statement: SqlStatement<Row>,
  values: readonly unknown[],
): Promise<Row[]> {
  const next = (offset: number) => `$${values.length + offset}`;
  const recorded: SqlStatement<Row> = {
    text: `WITH written AS (${statement.text}),
      recorded AS (
        INSERT INTO audit_record (at, api_key_id, key_prefix, role, action, arguments, outcome, subject_id)
        SELECT now() AT TIME ZONE 'UTC', ${next(1)}::uuid, ${next(2)}, ${next(3)}, ${next(4)}, ${next(5)}::jsonb, 'OK', written.id::text FROM written)
      SELECT * FROM written`,
    row: statement.row,
  };
  const args = JSON.stringify(redactArguments(attempt.arguments) ?? {});
  return queryRows(prisma, recorded, [...values, actor.keyId, actor.prefix, actor.role, attempt.action, args]);
}

/** A write to run with its audit record (see auditedWrite). */
export interface AuditedWrite<T> extends AuditAttempt {
  actor: AuditActor;
  /** The write itself, on the transaction it shares with its record. */
  run(tx: Db): Promise<T>;
  /** How a value the write returned ended: anything but "OK" is a refusal returned as a value. */
  outcomeOf(value: T): AuditOutcome;
  /** How a write that threw ended. */
  outcomeOfError(error: unknown): string;
  /** Longest the transaction may stay open, in ms (Prisma's default, 5 s, when unset). */
  timeoutMs?: number;
}

/**
 * How long a write waits for a connection to open its transaction. The embedded engine has one
 * connection, which a bulk import holds for seconds; PostgreSQL's pool rarely makes anyone wait.
 */
const connectionWaitMs = 30_000;

/**
 * Runs a write in one transaction with its audit record, so both commit or neither does: no crash
 * can leave a write the trail lacks. A refused write (thrown, or returned as a value) is rolled back
 * whole, and its refusal recorded after, on its own, since there is nothing of it left to commit.
 */
export async function auditedWrite<T>(prisma: PrismaClient, write: AuditedWrite<T>): Promise<T> {
  const { actor, action, arguments: args } = write;
  let refused: { value: T; outcome: AuditOutcome } | undefined;
  try {
    return await prisma.$transaction(
      async (tx) => {
        const value = await write.run(tx);
        const outcome = write.outcomeOf(value);
        if (outcome.outcome !== "OK") {
          refused = { value, outcome };
          // Throwing is how an interactive transaction rolls back.
          throw new Error(`The write was refused (${outcome.outcome}); rolled back`);
        }
        await recordAudit(tx, actor, { action, arguments: args, ...outcome });
        return value;
      },
      { timeout: write.timeoutMs, maxWait: connectionWaitMs },
    );
  } catch (error) {
    if (refused) {
      await recordAudit(prisma, actor, { action, arguments: args, ...refused.outcome });
      return refused.value;
    }
    await recordAudit(prisma, actor, { action, arguments: args, outcome: write.outcomeOfError(error), subjectId: null });
    throw error;
  }
}

const recordsNaming: SqlStatement<{ id: bigint }> = {
  text: `SELECT id FROM audit_record WHERE subject_id IN ($1, $2) OR strpos(arguments::text, $2) > 0 ORDER BY id`,
  row: v.strictObject({ id: v.bigint() }),
};

/**
 * The ids of the audit records that name a row: as the row a write returned (`subject_id` holds its
 * row id), or anywhere in the recorded arguments (which hold the global ID the caller sent). Oldest first.
 */
export async function auditRecordIdsNaming(db: Db, row: { id: string; globalId: string }): Promise<bigint[]> {
  const rows = await queryRows(db, recordsNaming, [row.id, row.globalId]);
  return rows.map((row) => row.id);
}
