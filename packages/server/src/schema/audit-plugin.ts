import SchemaBuilder, { BasePlugin, PothosSchemaError, type FieldNullability, type InputFieldMap, type PothosOutputFieldConfig, type SchemaTypes, type TypeParam } from "@pothos/core";
import { getArgumentValues, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import { auditedWrite } from "../access/audit-log.js";
import { isKeyCaller } from "../access/caller.js";
import { regionAccessFor } from "../access/region-access.js";
import type { Context } from "./context.js";
import { chargeNikConflicts } from "./nik-conflicts.js";

/**
 * The `audit` option every mutation field carries: `true`, or how long its transaction may stay
 * open when the default (Prisma's 5 s) is too short, as for bulk imports.
 */
export type AuditFieldOption = true | { timeoutMs: number };

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
    const timeoutMs = typeof option === "object" ? option.timeoutMs : undefined;
    const action = fieldConfig.name;
    const audited: GraphQLFieldResolver<unknown, Types["Context"], object> = async (parent, args, givenContext, info) => {
      const context = ourContext(givenContext);
      const { caller, prisma } = context;
      if (!isKeyCaller(caller)) return resolver(parent, args, context, info);
      const afterCommit: (() => Promise<void>)[] = [];
      const value: unknown = await auditedWrite(prisma, {
        actor: caller,
        action,
        arguments: sentArguments(info),
        run: (tx) => {
          const writing: Context = { ...context, db: tx, access: regionAccessFor(caller, tx), afterCommit: (work) => afterCommit.push(work) };
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

SchemaBuilder.registerPlugin(pluginName, PothosAuditPlugin);

export default pluginName;
