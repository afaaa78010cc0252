import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import { parsePrismaCursor } from "@pothos/plugin-prisma";
import type { GraphQLFieldResolver } from "graphql";
import { badUserInput } from "./errors.js";

/** Page sizes a connection accepts. Pothos would silently clamp; we say what is wrong instead. */
export const minPageSize = 1;
export const maxPageSize = 100;
export const defaultPageSize = 20;

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

function assertPageArgs(args: PageArgs): void {
  for (const name of ["first", "last"] as const) {
    const size = args[name];
    if (size != null && (size < minPageSize || size > maxPageSize)) {
      throw badUserInput(`"${name}" must be between ${minPageSize} and ${maxPageSize}, got ${size}.`);
    }
  }
  for (const name of ["after", "before"] as const) {
    const cursor = args[name];
    if (cursor == null) continue;
    let value: unknown;
    try {
      value = parsePrismaCursor(cursor);
    } catch {
      value = undefined;
    }
    // Every connection here pages over a string key (a region code or an id).
    if (typeof value !== "string") {
      throw badUserInput(`"${name}" is not a cursor issued by this API: "${cursor}".`);
    }
  }
}

/**
 * Checks the Relay paging arguments of every connection field, in one place, before the
 * field's resolver runs.
 */
export class PageArgsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> {
    const isConnection = ["first", "last", "after", "before"].every((name) => name in fieldConfig.args);
    if (!isConnection) return resolver;
    return (parent, args, context, info) => {
      assertPageArgs(args as PageArgs);
      return resolver(parent, args, context, info);
    };
  }
}

const pluginName = "pageArgs";

declare global {
  // Pothos finds plugins by merging their names into this namespace.
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      pageArgs: PageArgsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, PageArgsPlugin);
export default pluginName;
