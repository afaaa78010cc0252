import SchemaBuilder, { BasePlugin, PothosSchemaError, type FieldNullability, type InputFieldMap, type PothosOutputFieldConfig, type SchemaTypes, type TypeParam } from "@pothos/core";
import { getArgumentValues, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import { auditedStatement, auditedWrite, recordAudit, type AuditAttempt } from "../access/audit-log.js";
import { isKeyCaller, type KeyCaller } from "../access/caller.js";
import { queryRows } from "../db/sql-statement.js";
import { noTransaction, TransactionNeeded } from "../db/transaction-needed.js";
import { regionAccessFor } from "../access/region-access.js";
import type { Context } from "./context.js";
import { chargeNikConflicts } from "./nik-conflicts.js";

/**
 * The `audit` option every mutation field carries: `true`; how long its transaction may stay open
 * when the default (Prisma's 5 s) is too short, as for bulk imports; or `oneStatement`, for a
 * mutation whose usual write is one checked statement (see tryWithoutTransaction).
 */
export type AuditFieldOption = true | { timeoutMs: number } | { oneStatement: true };

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      audit: PothosAuditPlugin<Types>;
    }
    interface MutationFieldOptions<Types extends SchemaTypes, Type extends TypeParam<Types>, Nullable extends FieldNullability<Type>, Args extends InputFieldMap, ResolveReturnShape> {
      /** Runs the mutation in one transaction with its audit record (see audit-plugin.ts). */
      audit: AuditFieldOption;
    }
  }
}

const pluginName = "audit";

/**
 * The error a resolver returned as its typed refusal. The errors plugin returns it in a proxy
 * whose prototype chain is proxied too, so `instanceof Error` says no; its constructor is still
 * the error class.
 */
function refusalIn(value: unknown): Error | null {
  const type = (value as { constructor?: unknown } | null)?.constructor;
  return typeof type === "function" && type.prototype instanceof Error ? (value as Error) : null;
}

/** The plugin serves this API's builder only; its resolvers get this API's context. */
function ourContext(context: unknown): Context {
  if (typeof context === "object" && context !== null && "caller" in context && "db" in context && "prisma" in context) return context as Context;
  throw new Error("The audit plugin needs the API's context (caller, prisma, db)");
}

/** The arguments as the caller sent them (global IDs as IDs), not as the plugins decoded them. */
function sentArguments(info: GraphQLResolveInfo): Record<string, unknown> {
  const field = info.parentType.getFields()[info.fieldName];
  const node = info.fieldNodes[0];
  return field && node ? getArgumentValues(field, node, info.variableValues) : {};
}

function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}

function subjectOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
}

/**
 * Every mutation a key attempts leaves an audit record (which key, what, when, how it ended), and a
 * write that commits commits with its record, in one transaction: the resolver, its access checks
 * and its reads run on that transaction (`context.db`, `context.access`). A refusal (FORBIDDEN, a
 * typed error, a crash) rolls the write back whole; its record is written after, with the NIK
 * conflicts it revealed charged (see nik-conflicts.ts). Anonymous attempts are refused before they
 * do anything and are not recorded: they are the rate limiter's business. Arguments that do not
 * parse (a malformed global ID, a variable of the wrong type) are refused before any resolver, as
 * invalid requests, and are not recorded either.
 *
 * It comes first among the plugins, so it wraps the scope checks too and sees their refusals.
 */
export class PothosAuditPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (fieldConfig.kind === "Mutation" && !fieldConfig.pothosOptions.audit) {
      throw new PothosSchemaError(`Mutation.${fieldConfig.name} has no audit option: every mutation is audited.`);
    }
    return fieldConfig;
  }

  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    if (fieldConfig.kind !== "Mutation") return resolver;
    const option = fieldConfig.pothosOptions.audit;
    const timeoutMs = typeof option === "object" && "timeoutMs" in option ? option.timeoutMs : undefined;
    const oneStatement = typeof option === "object" && "oneStatement" in option;
    const action = fieldConfig.name;
    const audited: GraphQLFieldResolver<unknown, Types["Context"], object> = async (parent, args, givenContext, info) => {
      const context = ourContext(givenContext);
      const { caller, prisma } = context;
      if (!isKeyCaller(caller)) return resolver(parent, args, context, info);
      const attempt = { action, arguments: sentArguments(info) };
      if (oneStatement) {
        const tried = await tryWithoutTransaction(resolver, { parent, args, context, info }, caller, attempt);
        if (tried.done) return tried.value;
      }
      const afterCommit: (() => Promise<void>)[] = [];
      const value: unknown = await auditedWrite(prisma, {
        actor: caller,
        ...attempt,
        run: (tx) => {
          const writing: Context = {
            ...context,
            db: tx,
            access: regionAccessFor(caller, tx),
            afterCommit: (work) => afterCommit.push(work),
            checkedWrite: (statement, values) => queryRows(tx, statement, values),
          };
          return Promise.resolve(resolver(parent, args, writing, info));
        },
        outcomeOf: (returned: unknown) => {
          const refusal = refusalIn(returned);
          return refusal ? { outcome: refusal.name, subjectId: null } : { outcome: "OK", subjectId: subjectOf(returned) };
        },
        outcomeOfError: codeOf,
        timeoutMs,
      });
      const refusal = refusalIn(value);
      if (refusal) await chargeNikConflicts(context, action, refusal);
      // A refusal was rolled back: the work it left has nothing committed to follow.
      else for (const work of afterCommit) await work();
      return value;
    };
    return audited;
  }
}

/** What a mutation's resolver is called with. */
interface ResolverCall {
  parent: unknown;
  args: object;
  context: Context;
  info: GraphQLResolveInfo;
}

/**
 * A mutation declared `audit: { oneStatement: true }` is first run with no transaction at all: its
 * `checkedWrite` sends the write with its audit record in one statement, committed at once, where
 * a transaction costs BEGIN, the write, the record and COMMIT, four round trips. Its access checks
 * read outside any transaction, as they would inside one (none takes a lock). At its first other
 * use of the database (`db` is `noTransaction`) nothing has been written, and it is run again,
 * whole, in a transaction (`done: false`): a refused write explains itself there, and a response
 * that needs a read after the write makes it there.
 */
async function tryWithoutTransaction<Types extends SchemaTypes>(
  resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
  { parent, args, context, info }: ResolverCall,
  caller: KeyCaller,
  attempt: AuditAttempt,
): Promise<{ done: true; value: unknown } | { done: false }> {
  const { prisma } = context;
  let wrote = false;
  const afterCommit: (() => Promise<void>)[] = [];
  const trying: Context = {
    ...context,
    db: noTransaction,
    access: regionAccessFor(caller, prisma),
    afterCommit: (work) => afterCommit.push(work),
    checkedWrite: async (statement, values) => {
      if (wrote) throw new Error(`${attempt.action} wrote twice without a transaction: a mutation tried without one writes once`);
      const rows = await auditedStatement(prisma, caller, attempt, statement, values);
      wrote = rows.length > 0;
      return rows;
    },
  };
  let value: unknown;
  try {
    value = await resolver(parent, args, trying, info);
  } catch (error) {
    if (error instanceof TransactionNeeded && !wrote) return { done: false };
    // The write, if any, committed with its record; a failure after it is a bug to hear of, not to record again.
    if (!wrote) await recordAudit(prisma, caller, { ...attempt, outcome: codeOf(error), subjectId: null });
    throw error;
  }
  const refusal = refusalIn(value);
  if (refusal) {
    if (wrote) throw new Error(`${attempt.action} refused (${refusal.name}) after its write committed`);
    await recordAudit(prisma, caller, { ...attempt, outcome: refusal.name, subjectId: null });
    await chargeNikConflicts(context, attempt.action, refusal);
    return { done: true, value };
  }
  // A mutation that returned without writing has its record written on its own, as auditedWrite would.
  if (!wrote) await recordAudit(prisma, caller, { ...attempt, outcome: "OK", subjectId: subjectOf(value) });
  for (const work of afterCommit) await work();
  return { done: true, value };
}

SchemaBuilder.registerPlugin(pluginName, PothosAuditPlugin);

export default pluginName;
