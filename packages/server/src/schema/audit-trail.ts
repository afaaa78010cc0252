import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { recordAudit } from "../access/audit-log.js";
import { isKeyCaller } from "../access/caller.js";
import type { Context } from "./context.js";

/**
 * What a resolver's outcome was: a typed refusal (returned as an error object) or success. The
 * errors plugin returns a refusal wrapped in a proxy whose prototype chain is proxied too, so
 * `instanceof Error` says no; its constructor is still the error class.
 */
function outcomeOf(value: unknown): string {
  const type = (value as { constructor?: unknown } | null)?.constructor;
  return typeof type === "function" && type.prototype instanceof Error ? (value as Error).name : "OK";
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
 * Every mutation a key attempts leaves an audit record (which key, what, when, and how it ended),
 * written after the mutation and before its response, so a caller never sees a write the trail
 * lacks. Anonymous attempts are refused before they do anything and are not recorded: they are
 * the rate limiter's business. This wraps the Mutation type's resolvers once, in one place,
 * rather than asking each mutation to remember.
 */
export function withAuditTrail(schema: GraphQLSchema): GraphQLSchema {
  const mutationType = schema.getMutationType();
  for (const field of Object.values(mutationType?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root, args: Record<string, unknown>, context: Context, info) => {
      const { caller, prisma } = context;
      const record = (outcome: string, subjectId: string | null) =>
        isKeyCaller(caller) ? recordAudit(prisma, caller, { action: info.fieldName, arguments: args, outcome, subjectId }) : Promise.resolve();
      let value: unknown;
      try {
        value = await resolve(root, args, context, info);
      } catch (error) {
        await record(codeOf(error), null);
        throw error;
      }
      await record(outcomeOf(value), subjectOf(value));
      return value;
    };
  }
  return schema;
}
